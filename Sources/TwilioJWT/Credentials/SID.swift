/// The kinds of Twilio resource identifiers (SIDs) that appear in tokens.
///
/// A SID is a two-letter upper-case prefix naming the resource type followed by 32 lower-case hex digits,
/// for example `AC` + 32 hex digits for an account.
package enum SIDKind: Sendable, CaseIterable {
    case account
    case apiKey
    case application
    case credential
    case service
    case deploymentRole
    case workspace
    case worker
    case taskQueue
    case configurationProfile

    package var prefix: String {
        switch self {
        case .account: return "AC"
        case .apiKey: return "SK"
        case .application: return "AP"
        case .credential: return "CR"
        case .service: return "IS"
        case .deploymentRole: return "RL"
        case .workspace: return "WS"
        case .worker: return "WK"
        case .taskQueue: return "WQ"
        case .configurationProfile: return "VS"
        }
    }

    /// What a person would call a resource of this kind, for error messages.
    package var noun: String {
        switch self {
        case .account: return "an account SID"
        case .apiKey: return "an API key SID"
        case .application: return "a TwiML application SID"
        case .credential: return "a credential SID"
        case .service: return "a service SID"
        case .deploymentRole: return "a role SID"
        case .workspace: return "a TaskRouter workspace SID"
        case .worker: return "a TaskRouter worker SID"
        case .taskQueue: return "a TaskRouter task queue SID"
        case .configurationProfile: return "a configuration profile SID"
        }
    }

    package static let sidLength = 34
}

extension SIDKind {
    /// Checks that `value` is a SID of this kind.
    ///
    /// The error message names `field`, states the expected shape and describes what was seen without
    /// echoing it: a value passed here may be a misplaced secret, so only its length and, when they are a
    /// known Twilio prefix, its first two characters are shown.
    package func validate(_ value: String, field: String) throws(TokenError) {
        if !self.matches(value), let problem = self.problem(with: value) {
            throw TokenError(
                .invalidSID, "\(field) must be '\(self.prefix)' followed by 32 lower-case hex digits; \(problem)")
        }
    }

    /// Whether `value` is a SID of this kind. Allocation-free: it runs on every token minted and verified.
    package func matches(_ value: String) -> Bool {
        let utf8 = value.utf8
        guard utf8.count == SIDKind.sidLength else { return false }
        let prefix = self.prefixBytes
        // Native strings are contiguous UTF-8; bridged ones take the iterator.
        if let matches = utf8.withContiguousStorageIfAvailable({ bytes in
            guard bytes[0] == prefix.0, bytes[1] == prefix.1 else { return false }
            var index = 2
            while index < SIDKind.sidLength {
                guard Self.isLowerHex(bytes[index]) else { return false }
                index += 1
            }
            return true
        }) {
            return matches
        }
        var index = 0
        for byte in utf8 {
            switch index {
            case 0: guard byte == prefix.0 else { return false }
            case 1: guard byte == prefix.1 else { return false }
            default: guard Self.isLowerHex(byte) else { return false }
            }
            index += 1
        }
        return true
    }

    /// The two bytes of ``prefix``.
    /// The two bytes of ``prefix``, without making the string (the verifier reads them for every token).
    var prefixBytes: (UInt8, UInt8) {
        switch self {
        case .account: return (UInt8(ascii: "A"), UInt8(ascii: "C"))
        case .apiKey: return (UInt8(ascii: "S"), UInt8(ascii: "K"))
        case .application: return (UInt8(ascii: "A"), UInt8(ascii: "P"))
        case .credential: return (UInt8(ascii: "C"), UInt8(ascii: "R"))
        case .service: return (UInt8(ascii: "I"), UInt8(ascii: "S"))
        case .deploymentRole: return (UInt8(ascii: "R"), UInt8(ascii: "L"))
        case .workspace: return (UInt8(ascii: "W"), UInt8(ascii: "S"))
        case .worker: return (UInt8(ascii: "W"), UInt8(ascii: "K"))
        case .taskQueue: return (UInt8(ascii: "W"), UInt8(ascii: "Q"))
        case .configurationProfile: return (UInt8(ascii: "V"), UInt8(ascii: "S"))
        }
    }

    private func problem(with value: String) -> String? {
        let utf8 = value.utf8
        if utf8.isEmpty {
            return "got an empty string"
        }
        var shapeOK = utf8.count == SIDKind.sidLength
        var firstBadHexOffset: Int? = nil
        var index = 0
        var hasUpperHex = false
        let prefixBytes = Array(self.prefix.utf8)  // error path only
        var prefixOK = utf8.count >= 2
        for byte in utf8 {
            if index < 2 {
                if index < prefixBytes.count && byte != prefixBytes[index] { prefixOK = false }
            } else if !Self.isLowerHex(byte) {
                if firstBadHexOffset == nil { firstBadHexOffset = index }
                if (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte) { hasUpperHex = true }
            }
            index += 1
        }
        shapeOK = shapeOK && prefixOK && firstBadHexOffset == nil
        if shapeOK { return nil }

        let seenPrefix = utf8.count >= 2 ? String(decoding: utf8.prefix(2), as: UTF8.self) : nil
        let knownKind = seenPrefix.flatMap { prefix in SIDKind.allCases.first { $0.prefix == prefix } }
        var description = "got \(utf8.count) characters"
        if let knownKind, let seenPrefix {
            description += " starting '\(seenPrefix)'"
            if knownKind != self {
                return description + " (this looks like \(knownKind.noun), not \(self.noun))"
            }
        } else {
            description += " that do not start with a Twilio SID prefix"
            if utf8.count == 32 {
                description +=
                    " (32 characters without a prefix is the shape of a secret or auth token: "
                    + "check the order of the arguments)"
            }
            return description
        }
        if utf8.count != SIDKind.sidLength {
            return description
        }
        if hasUpperHex {
            return description + " with upper-case hex digits (Twilio SIDs use lower-case hex)"
        }
        if let firstBadHexOffset {
            return description + " with a character that is not a hex digit at offset \(firstBadHexOffset)"
        }
        return description
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}

extension SIDKind {
    /// Checks an optional SID member of a grant: `nil` and the empty string mean "absent" (twilio-python
    /// leaves out every falsy member), anything else must be a SID of this kind.
    package func validateIfPresent(_ value: String?, field: String) throws(TokenError) {
        guard let value, !value.isEmpty else { return }
        try self.validate(value, field: field)
    }
}

/// The 128 bits written by a SID's 32 hex digits, as a dictionary key that can be made from a token's bytes
/// without copying them into a `String`.
///
/// A SID of a given kind is its prefix followed by 32 **lower-case** hex digits (``SIDKind/matches(_:)``), so two
/// SIDs of one kind are equal exactly when their digits are: keying one kind's SIDs by their digits loses nothing.
package struct SIDDigits: Hashable, Sendable {
    /// The number of the first sixteen digits.
    package let high: UInt64
    /// The number of the last sixteen digits.
    package let low: UInt64

    /// The digits of `sid`, if it is a SID of `kind`.
    package init?(_ sid: String, kind: SIDKind) {
        var sid = sid
        guard let digits = sid.withUTF8({ SIDDigits($0, kind: kind) }) else { return nil }
        self = digits
    }

    /// The digits of the SID whose UTF-8 bytes are `bytes`, if it is a SID of `kind`.
    package init?(_ bytes: UnsafeBufferPointer<UInt8>, kind: SIDKind) {
        guard bytes.count == SIDKind.sidLength, let base = bytes.baseAddress else { return nil }
        let prefix = kind.prefixBytes
        guard bytes[0] == prefix.0, bytes[1] == prefix.1 else { return nil }
        let digits = UnsafeRawPointer(base + 2)
        guard let first = Self.value(digits), let second = Self.value(digits + 8),
            let third = Self.value(digits + 16), let fourth = Self.value(digits + 24)
        else { return nil }
        self.high = UInt64(first) << 32 | UInt64(second)
        self.low = UInt64(third) << 32 | UInt64(fourth)
    }

    /// The number written by the eight lower-case hex digits at `digits`, or `nil` if one is not, all eight at once
    /// (SWAR: each byte of a word is one character).
    @inline(__always)
    private static func value(_ digits: UnsafeRawPointer) -> UInt32? {
        let word = UInt64(littleEndian: digits.loadUnaligned(as: UInt64.self))
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs = ones &* 0x80
        guard word & highs == 0 else { return nil }
        // For bytes below 0x80, adding 0x80 - c sets a byte's high bit exactly when the byte is at least c, and no
        // carry crosses into the next byte.
        func atLeast(_ c: UInt8) -> UInt64 { (word &+ ones &* UInt64(0x80 - c)) & highs }
        let digit = atLeast(UInt8(ascii: "0")) & ~atLeast(UInt8(ascii: "9") + 1)
        let letter = atLeast(UInt8(ascii: "a")) & ~atLeast(UInt8(ascii: "f") + 1)
        guard digit | letter == highs else { return nil }
        // '0'…'9' have their value in the low nibble; 'a'…'f' have it less 9.
        let nibbles = (word & (ones &* 0x0F)) &+ (letter >> 7) &* 9
        // Byte k holds the value of character k, the most significant first: gather them into one number, pairs of
        // nibbles into bytes, pairs of bytes into halves, the two halves into the result.
        let bytes = ((nibbles << 4) | (nibbles >> 8)) & 0x00FF_00FF_00FF_00FF
        let halves = ((bytes << 8) | (bytes >> 16)) & 0x0000_FFFF_0000_FFFF
        return UInt32(truncatingIfNeeded: (halves << 16) | (halves >> 32))
    }
}
