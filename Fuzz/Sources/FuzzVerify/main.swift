// Fuzz target for the token verifier (`TokenVerifier`), the decoder for inspection (`UnverifiedToken`) and the
// linter: everything a hostile token reaches, through the public API only.
//
// Built with `-DFUZZING -parse-as-library` and libFuzzer (`Scripts/fuzz.sh FuzzVerify 60 -max_len=9000`), this
// file is only the `LLVMFuzzerTestOneInput` entry point. Built plainly, it replays the files and directories given as
// arguments through the same checks: `swift run --package-path Fuzz FuzzVerify Fuzz/Corpus/FuzzVerify`.
//
// The keys are the fixtures of the test suite, so the seed corpus holds tokens that verify. Every check traps
// with `fatalError`, which libFuzzer reports as a crash.
//
// The input becomes the token through `String(decoding:)`, so bytes that are not UTF-8 reach the library as U+FFFD
// (a token is ASCII, so they are refused either way). Bytes that are not UTF-8 inside the header and payload do reach
// the JSON reader unchanged: the token carries them base64url-encoded, and check 5 requires that such a segment never
// decodes, judging UTF-8 with the standard library's validator.

import FuzzSupport
import TwilioJWT

enum Harness {
    /// The verification time of the fixtures: T0 and the reference vectors are valid then.
    static let now = 1_700_000_100

    static let verifier: TokenVerifier = {
        do {
            return try TokenVerifier(
                apiKeys: [
                    APIKey(
                        sid: "SK" + String(repeating: "1", count: 32),
                        secret: Secret(String(repeating: "s", count: 32)),
                        accountSID: "AC" + String(repeating: "0", count: 32)
                    ),
                    APIKey(
                        sid: "SK" + String(repeating: "b", count: 32),
                        secret: Secret("abcdefghijklmnopqrstuvwxyz012345"),
                        accountSID: "AC" + String(repeating: "a", count: 32)
                    ),
                ],
                accounts: [
                    AccountCredentials(
                        accountSID: "AC" + String(repeating: "a", count: 32),
                        authToken: Secret("0123456789abcdef0123456789abcdef")
                    )
                ],
                // The public key of the reference's Client Validation vector (PKCV-RS256 in the seed corpus).
                validationKeys: [
                    ClientValidationPublicKey(
                        credentialSID: "CR" + String(repeating: "d", count: 32),
                        publicKeyPEM: Self.validationPublicKeyPEM
                    )
                ],
                leeway: .seconds(60)
            )
        } catch {
            fatalError("fixture keys rejected: \(error)")
        }
    }()

    static let validationPublicKeyPEM =
        "-----BEGIN PUBLIC KEY-----\n" + "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA9cwO+HLuHtRQyXEmN5OM\n"
        + "BTOympt/WGASF8XLfJgLa+aVqcAdBqf34+yN7kz9ESRc0b1ZqSMhiZp/MWblXK2w\n"
        + "m9EA+y5U0bp6JwI/VQzv88n6YQBPqowg/eqJrhccfhWoK6B3xQ/jbsv6CFV78Ts6\n"
        + "Xw707m2aGpFoL5zbf4jly7aJQV+gjJKwQSFmlgJY3HJvUOwtQta5FbE7BP76n23V\n"
        + "ZB5SuYe4f27Tv8GEVo4iNQOXBHsPcxEFu16s9oafTDozRlA0rsJ6684F0lSlPiW1\n"
        + "4RQnMq3/AOPGzpOMa9b/YsI7eo1q/vJ5IWFUNLktOdLeRBuROijRll6U0Zm2gwND\n" + "zwIDAQAB\n"
        + "-----END PUBLIC KEY-----\n"

    /// The SIDs of the configured keys, with the kind of key each is and the algorithms it verifies.
    static let keys: [String: (kind: KeyID.Kind, algorithms: [SignatureAlgorithm])] = [
        "SK" + String(repeating: "1", count: 32): (.apiKey, [.hs256]),
        "SK" + String(repeating: "b", count: 32): (.apiKey, [.hs256]),
        "AC" + String(repeating: "a", count: 32): (.account, [.hs256]),
        "CR" + String(repeating: "d", count: 32): (.publicKeyCredential, [.rs256, .ps256]),
    ]

    /// The limits of `UnverifiedToken(decoding:)` (internal to the library): the token's size, the decoded header's
    /// size and the JSON nesting depth.
    static let inspectionTokenLimit = 65_536
    static let inspectionHeaderLimit = 8192
    static let inspectionDepthLimit = 32

    static func run(_ input: UnsafeBufferPointer<UInt8>) {
        let token = String(decoding: input, as: UTF8.self)
        let verified = Result { () throws(TokenError) in try Self.verifier.verify(token, at: Self.now) }
        let decoded = Result { () throws(TokenError) in try UnverifiedToken(decoding: token) }

        switch verified {
        case .success(let result):
            // 1. Whatever verifies also decodes, to the same header, claims and interpretation.
            guard case .success(let unverified) = decoded else {
                fatalError("verified but does not decode")
            }
            guard unverified.header == result.header, unverified.payload == result.payload else {
                fatalError("verified and decoded JSON differ")
            }
            guard (try? unverified.claims()) == result.claims else {
                fatalError("verified and decoded claims differ")
            }
            // 2. The key that verified is one of the configured ones, reported as the kind of key it is, with an
            //    algorithm that key verifies and that the header names; and verification is deterministic.
            guard let key = Self.keys[result.keyID.sid], key.kind == result.keyID.kind else {
                fatalError("verified with an unknown key \(result.keyID.sid) (\(result.keyID.kind))")
            }
            guard key.algorithms.contains(result.algorithm), unverified.algorithm == result.algorithm.name else {
                let named = unverified.algorithm ?? "nothing"
                fatalError("verified as \(result.algorithm.name) with \(result.keyID.sid); the header names \(named)")
            }
            guard let again = try? Self.verifier.verify(token, at: Self.now), again.payload == result.payload,
                again.keyID == result.keyID, again.algorithm == result.algorithm
            else {
                fatalError("verification is not deterministic")
            }
        case .failure(let error):
            // 3. Messages stay short and never carry the token (docs/security-checklist.md#error-messages).
            guard error.message.utf8.count <= 600 else {
                fatalError("a \(error.message.utf8.count)-byte error message")
            }
            let start = Array(token.utf8.prefix(40))
            if start.count == 40, Self.bytes(Array(error.message.utf8), contain: start) {
                fatalError("an error message quotes the token: \(String(reflecting: error.message))")
            }
        }

        // 4. Inspection never crashes: interpreting the claims and linting any decodable token.
        if case .success(let unverified) = decoded {
            _ = try? unverified.claims()
            _ = unverified.lint(at: Self.now)
            _ = unverified.kind
        }

        // 5. The decoder accepts exactly the tokens the envelope model below accepts, with the same parts; in
        //    particular no token whose header or payload bytes are not UTF-8, or start with a byte-order mark.
        Self.checkEnvelope(Array(token.utf8), decoded)
    }

    /// Whether `haystack` holds `needle` as a run of bytes. Compared as bytes, not with `String.contains`: where
    /// Foundation is imported, its `StringProtocol.contains` (swift-corelibs-foundation of Swift 6.3.1) mishandles NUL
    /// and finds `"e\0\0…"` in any text that ends with `e`.
    static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start..<(start + needle.count)].elementsEqual(needle)
        }
    }

    /// The parts of `bytes` as a compact JWS (RFC 7515 §7.1, https://www.rfc-editor.org/rfc/rfc7515#section-7.1), by
    /// a model written from the rules: within the size limits, exactly three segments of which the first two are not
    /// empty, each strict base64url by the reference decoder, header and payload valid UTF-8 by the standard
    /// library's validator and without a byte-order mark (RFC 8725 §3.7,
    /// https://www.rfc-editor.org/rfc/rfc8725#section-3.7), each a JSON object by `JSONValue(parsing:)`. `nil` when
    /// any rule is broken.
    static func modelDecode(_ bytes: [UInt8]) -> (header: JSONObject, payload: JSONObject, signature: [UInt8])? {
        guard bytes.count <= Self.inspectionTokenLimit else { return nil }
        let segments = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map(Array.init)
        guard segments.count == 3, !segments[0].isEmpty, !segments[1].isEmpty,
            let header = ReferenceBase64URL.decode(segments[0]), header.count <= Self.inspectionHeaderLimit,
            let payload = ReferenceBase64URL.decode(segments[1]),
            let signature = ReferenceBase64URL.decode(segments[2]),
            let headerObject = Self.modelObject(header), let payloadObject = Self.modelObject(payload)
        else { return nil }
        return (headerObject, payloadObject, signature)
    }

    static func modelObject(_ bytes: [UInt8]) -> JSONObject? {
        guard let text = utf8Text(bytes), !bytes.starts(with: byteOrderMark) else { return nil }
        return (try? JSONValue(parsing: text, maximumDepth: Self.inspectionDepthLimit))?.objectValue
    }

    static func checkEnvelope(_ bytes: [UInt8], _ decoded: Result<UnverifiedToken, TokenError>) {
        let expected = Self.modelDecode(bytes)
        switch (decoded, expected) {
        case (.success(let token), let expected?):
            guard token.header == expected.header, token.payload == expected.payload,
                token.signature == expected.signature
            else {
                fatalError("the decoder and the model read the token differently")
            }
        case (.success, nil):
            fatalError("the decoder accepts a token the model refuses")
        case (.failure(let error), _?):
            fatalError("the decoder refuses a token the model accepts: \(error)")
        case (.failure(let error), nil):
            guard [.malformed, .tooLarge, .duplicateMember].contains(error.code) else {
                fatalError("a decoding failure of code \(error.code): \(error)")
            }
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Harness.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#else
// The program. A declaration rather than a statement, because `-parse-as-library` (the fuzzing build) parses
// this inactive branch too and refuses statements at the top level; in a plain build it runs as top-level code.
let replayedCount = replay(Array(CommandLine.arguments.dropFirst()), name: "FuzzVerify") { Harness.run($0) }
#endif
