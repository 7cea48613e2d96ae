// Fuzz target for the token verifier (`TokenVerifier`), the decoder for inspection (`UnverifiedToken`) and the
// linter: everything a hostile token reaches.
//
// Built with `-DFUZZING -parse-as-library` and libFuzzer (`Scripts/fuzz.sh FuzzVerify 60 -max_len=9000`), this
// file is only the `LLVMFuzzerTestOneInput` entry point. Built plainly (`swift build`), it replays the files and
// directories given as arguments through the same checks: `swift run FuzzVerify Fuzz/Corpus/FuzzVerify`.
//
// The keys are the fixtures of the test suite, so the seed corpus holds tokens that verify. Every check traps
// with `fatalError`, which libFuzzer reports as a crash.

import TwilioJWT

#if !FUZZING
import FuzzSupport
#endif

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
                leeway: 60
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
            // 2. The key that verified is one of the configured ones, and verification is deterministic.
            guard
                [
                    "SK" + String(repeating: "1", count: 32), "SK" + String(repeating: "b", count: 32),
                    "AC" + String(repeating: "a", count: 32), "CR" + String(repeating: "d", count: 32),
                ].contains(result.keyID)
            else {
                fatalError("verified with an unknown key \(result.keyID)")
            }
            guard (try? Self.verifier.verify(token, at: Self.now))?.payload == result.payload else {
                fatalError("verification is not deterministic")
            }
        case .failure(let error):
            // 3. Messages stay short and never carry the token.
            guard error.message.utf8.count <= 600 else {
                fatalError("a \(error.message.utf8.count)-byte error message")
            }
            if input.count >= 40, error.message.contains(token.prefix(40)) {
                fatalError("an error message quotes the token")
            }
        }

        // 4. Inspection never crashes: interpreting the claims and linting any decodable token.
        if case .success(let unverified) = decoded {
            _ = try? unverified.claims()
            _ = unverified.lint(at: Self.now)
            _ = unverified.kind
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
