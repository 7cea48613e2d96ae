import Crypto
import _CryptoExtras

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads the one PEM block of an RSA key and checks the key against what Twilio accepts, with error messages
/// that say what was given instead (a public key, a certificate, an encrypted key, an EC key…).
///
/// swift-crypto's own errors cannot tell these cases apart, and a person who pasted the wrong file needs to
/// know which file they pasted. Messages name PEM labels and key sizes only: never a byte of the body.
enum RSAKeyPEM {
    /// Which half of the key pair the caller expects.
    enum Role: Sendable {
        case privateKey
        case publicKey

        var noun: String {
            switch self {
            case .privateKey: return "the private key"
            case .publicKey: return "the public key"
            }
        }

        var expectedLabels: String {
            switch self {
            case .privateKey:
                return "'-----BEGIN PRIVATE KEY-----' (PKCS#8) or '-----BEGIN RSA PRIVATE KEY-----' (PKCS#1)"
            case .publicKey:
                return "'-----BEGIN PUBLIC KEY-----' (SPKI) or '-----BEGIN RSA PUBLIC KEY-----' (PKCS#1)"
            }
        }
    }

    /// One PEM block, rewritten in the strict RFC 7468 layout (64-character lines, `\n` line ends) that every
    /// swift-crypto backend parses, so a key pasted on one line or with CRLF line ends still works.
    struct Block: Sendable {
        let label: String
        let canonicalPEM: String
        let base64Body: String
    }

    /// Twilio accepts RSA keys of 2048 bits (PKCV quickstart); shorter keys are refused.
    static let minimumBitCount = 2048
    /// Twilio accepts only the public exponent 65537 (F4).
    static let requiredExponent: [UInt8] = [0x01, 0x00, 0x01]

    // MARK: - Finding the block

    /// Finds the single PEM block in `text` and checks that its label fits `role`.
    ///
    /// - Throws: ``TokenError/Code-swift.struct/invalidKey`` naming what is wrong.
    static func block(in text: String, role: Role) throws(TokenError) -> Block {
        let bytes = Array(text.utf8)
        let field = role.noun
        if bytes.allSatisfy(Self.isWhitespace) {
            throw TokenError(.invalidKey, "\(field) PEM is empty")
        }
        let begins = Self.occurrences(of: Array("-----BEGIN ".utf8), in: bytes)
        guard let begin = begins.first else {
            throw Self.notPEMError(bytes, role: role)
        }
        let labelStart = begin + 11
        guard let labelEnd = Self.firstOccurrence(of: Array("-----".utf8), in: bytes, from: labelStart) else {
            throw TokenError(.invalidKey, "\(field) PEM has a '-----BEGIN' marker that is not closed by '-----'")
        }
        let label = String(decoding: bytes[labelStart..<labelEnd], as: UTF8.self)
        if begins.count > 1 {
            let labels = begins.map { start -> String in
                let from = start + 11
                guard let end = Self.firstOccurrence(of: Array("-----".utf8), in: bytes, from: from) else {
                    return "?"
                }
                return Self.displayLabel(String(decoding: bytes[from..<end], as: UTF8.self))
            }
            throw TokenError(
                .invalidKey,
                "\(field) PEM holds \(begins.count) blocks (\(labels.joined(separator: ", "))); pass only the "
                    + "block of \(field)"
            )
        }
        let endMarker = Array("-----END \(label)-----".utf8)
        let bodyStart = labelEnd + 5
        guard let bodyEnd = Self.firstOccurrence(of: endMarker, in: bytes, from: bodyStart) else {
            throw TokenError(
                .invalidKey,
                "\(field) PEM block \(Self.displayLabel(label)) has no matching '-----END …-----' line "
                    + "(is the text cut short?)"
            )
        }
        try Self.checkLabel(label, role: role)

        let body = bytes[bodyStart..<bodyEnd]
        if Self.firstOccurrence(of: Array("Proc-Type:".utf8), in: Array(body), from: 0) != nil {
            throw Self.encryptedKeyError()
        }
        var base64: [UInt8] = []
        base64.reserveCapacity(body.count)
        for byte in body where !Self.isWhitespace(byte) {
            if byte == UInt8(ascii: "\\") {
                throw TokenError(
                    .invalidKey,
                    "\(field) PEM contains a backslash: were its line breaks stored as the two characters '\\n' "
                        + "(common in environment variables)? Replace them with real line breaks"
                )
            }
            guard Self.isBase64(byte) else {
                throw TokenError(
                    .invalidKey, "\(field) PEM body holds a character that is not base64; the key is damaged")
            }
            base64.append(byte)
        }
        if base64.isEmpty {
            throw TokenError(.invalidKey, "\(field) PEM block \(Self.displayLabel(label)) has an empty body")
        }
        var canonical = "-----BEGIN \(label)-----\n"
        var index = 0
        while index < base64.count {
            let end = min(index + 64, base64.count)
            canonical += String(decoding: base64[index..<end], as: UTF8.self)
            canonical += "\n"
            index = end
        }
        canonical += "-----END \(label)-----\n"
        return Block(label: label, canonicalPEM: canonical, base64Body: String(decoding: base64, as: UTF8.self))
    }

    private static func checkLabel(_ label: String, role: Role) throws(TokenError) {
        switch (label, role) {
        case ("PRIVATE KEY", .privateKey), ("RSA PRIVATE KEY", .privateKey):
            return
        case ("PUBLIC KEY", .publicKey), ("RSA PUBLIC KEY", .publicKey):
            return
        case ("PUBLIC KEY", .privateKey), ("RSA PUBLIC KEY", .privateKey):
            throw TokenError(
                .invalidKey,
                "a public key PEM (\(Self.displayLabel(label))) was given where the private key belongs: signing "
                    + "needs the private key, and the public key is what you upload to Twilio"
            )
        case ("PRIVATE KEY", .publicKey), ("RSA PRIVATE KEY", .publicKey), ("ENCRYPTED PRIVATE KEY", .publicKey):
            throw TokenError(
                .invalidKey,
                "a private key PEM (\(Self.displayLabel(label))) was given where the public key belongs: pass the "
                    + "public key (openssl rsa -pubout -in private_key.pem) and keep the private key secret"
            )
        case ("ENCRYPTED PRIVATE KEY", .privateKey):
            throw Self.encryptedKeyError()
        case ("CERTIFICATE", _), ("TRUSTED CERTIFICATE", _), ("X509 CERTIFICATE", _):
            throw TokenError(
                .invalidKey,
                "a certificate PEM was given where \(role.noun) belongs; PKCV uses a bare RSA key pair, not a "
                    + "certificate"
            )
        case ("CERTIFICATE REQUEST", _), ("NEW CERTIFICATE REQUEST", _):
            throw TokenError(
                .invalidKey, "a certificate signing request PEM was given where \(role.noun) belongs")
        case ("EC PRIVATE KEY", _), ("DSA PRIVATE KEY", _), ("EC PUBLIC KEY", _):
            throw TokenError(
                .invalidKey,
                "\(role.noun) PEM is \(Self.displayLabel(label)), not an RSA key; PKCV signs with a 2048-bit RSA "
                    + "key (openssl genrsa -out private_key.pem 2048)"
            )
        case ("OPENSSH PRIVATE KEY", _):
            throw TokenError(
                .invalidKey,
                "\(role.noun) is in OpenSSH format; convert it to PEM (ssh-keygen -p -m PEM -f key) or create a "
                    + "key with openssl genrsa -out private_key.pem 2048"
            )
        default:
            throw TokenError(
                .invalidKey,
                "\(role.noun) PEM block is \(Self.displayLabel(label)); expected \(role.expectedLabels)")
        }
    }

    private static func encryptedKeyError() -> TokenError {
        TokenError(
            .invalidKey,
            "the private key PEM is encrypted with a passphrase, which is not supported; decrypt it once "
                + "(openssl pkey -in private_key.pem -out private_key_plain.pem) and keep the result in a secret store"
        )
    }

    private static func notPEMError(_ bytes: [UInt8], role: Role) -> TokenError {
        let text = String(decoding: bytes, as: UTF8.self).trimmingWhitespace()
        if text.hasPrefix("ssh-") {
            let wanted = role == .privateKey ? "private" : "public"
            return TokenError(
                .invalidKey, "\(role.noun) is an OpenSSH public key line ('ssh-…'); PKCV needs a PEM \(wanted) key")
        }
        if !text.contains("\n"), text.hasSuffix(".pem") || text.hasSuffix(".key") {
            return TokenError(
                .invalidKey, "\(role.noun) looks like a file name: pass the contents of the PEM file, not its path")
        }
        return TokenError(
            .invalidKey,
            "\(role.noun) is not PEM: there is no '-----BEGIN …-----' line (got \(bytes.count) bytes); expected "
                + role.expectedLabels
        )
    }

    /// A label as it may appear in a message: quoted when it has the shape of a PEM label, otherwise only
    /// described (the text between the dashes could be anything the caller pasted).
    private static func displayLabel(_ label: String) -> String {
        let isPlain =
            !label.isEmpty && label.utf8.count <= 40
            && label.utf8.allSatisfy {
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "#")
            }
        return isPlain ? "'\(label)'" : "an unrecognised label"
    }

    // MARK: - Parsed keys

    /// Parses a private key block, leaving the size check to ``checkStrength(of:role:)`` so that a short key
    /// gets a message with its size rather than swift-crypto's generic error.
    static func privateKey(_ block: Block) throws(TokenError) -> _RSA.Signing.PrivateKey {
        do {
            // The "unsafe" initializer accepts keys of 1024 bits and more; it is safe here because
            // checkStrength refuses anything below 2048 bits before the key is used.
            return try _RSA.Signing.PrivateKey(unsafePEMRepresentation: block.canonicalPEM)
        } catch CryptoKitError.incorrectParameterSize {
            throw Self.unsupportedSizeError(role: .privateKey)
        } catch {
            throw Self.unparsableError(block, role: .privateKey)
        }
    }

    /// Parses a public key block (SPKI or PKCS#1).
    static func publicKey(_ block: Block) throws(TokenError) -> _RSA.Signing.PublicKey {
        do {
            // As for private keys: checkStrength refuses keys below 2048 bits before use.
            return try _RSA.Signing.PublicKey(unsafePEMRepresentation: block.canonicalPEM)
        } catch CryptoKitError.incorrectParameterSize {
            throw Self.unsupportedSizeError(role: .publicKey)
        } catch {
            throw Self.unparsableError(block, role: .publicKey)
        }
    }

    /// Checks that the key is at least 2048 bits long and that its public exponent is 65537, as Twilio requires.
    static func checkStrength(of key: _RSA.Signing.PublicKey, role: Role) throws(TokenError) {
        let bitCount = key.keySizeInBits
        guard bitCount >= Self.minimumBitCount else {
            throw TokenError(
                .invalidKey,
                "\(role.noun) is a \(bitCount)-bit RSA key; Twilio requires \(Self.minimumBitCount)-bit keys "
                    + "(openssl genrsa -out private_key.pem 2048)"
            )
        }
        let exponent: [UInt8]
        do {
            exponent = Array(try key.getKeyPrimitives().publicExponent.drop { $0 == 0 })
        } catch {
            throw TokenError(.invalidKey, "the public exponent of \(role.noun) cannot be read")
        }
        guard exponent == Self.requiredExponent else {
            throw TokenError(
                .invalidKey,
                "the public exponent of \(role.noun) is \(Self.describeExponent(exponent)); Twilio requires 65537"
            )
        }
    }

    private static func describeExponent(_ bytes: [UInt8]) -> String {
        guard bytes.count <= 7 else { return "a \(bytes.count * 8)-bit number" }
        return String(bytes.reduce(0) { $0 << 8 | Int($1) })
    }

    private static func unsupportedSizeError(role: Role) -> TokenError {
        TokenError(
            .invalidKey,
            "\(role.noun) has an RSA key size swift-crypto refuses (under 1024 bits, or not a whole number of "
                + "bytes); Twilio requires 2048-bit keys"
        )
    }

    /// Says what the block holds when swift-crypto cannot read it as RSA, from the algorithm identifier in the
    /// DER (PKCS#8 and SPKI name their algorithm; an EC or Ed25519 key is a common wrong file).
    private static func unparsableError(_ block: Block, role: Role) -> TokenError {
        let der = Data(base64Encoded: block.base64Body).map(Array.init) ?? []
        let algorithms: [(oid: [UInt8], name: String)] = [
            ([0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01], "an EC key"),
            ([0x06, 0x03, 0x2B, 0x65, 0x70], "an Ed25519 key"),
            ([0x06, 0x03, 0x2B, 0x65, 0x71], "an Ed448 key"),
            ([0x06, 0x03, 0x2B, 0x65, 0x6E], "an X25519 key"),
            ([0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x01], "a DSA key"),
            ([0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A], "an RSA-PSS-restricted key"),
        ]
        if !der.isEmpty, block.label == "PRIVATE KEY" || block.label == "PUBLIC KEY" {
            for algorithm in algorithms where Self.firstOccurrence(of: algorithm.oid, in: der, from: 0) != nil {
                return TokenError(
                    .invalidKey,
                    "\(role.noun) is \(algorithm.name), not a plain RSA key; PKCV signs with a 2048-bit RSA key "
                        + "(openssl genrsa -out private_key.pem 2048)"
                )
            }
        }
        let kind = role == .privateKey ? "RSA private key" : "RSA public key"
        return TokenError(
            .invalidKey,
            "\(role.noun) PEM block '\(block.label)' cannot be read as an \(kind); its base64 body is damaged or "
                + "holds another kind of key"
        )
    }

    // MARK: - Bytes

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    private static func isBase64(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
    }

    private static func firstOccurrence(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return nil
        }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        var result: [Int] = []
        var from = 0
        while let index = Self.firstOccurrence(of: needle, in: haystack, from: from) {
            result.append(index)
            from = index + needle.count
        }
        return result
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
