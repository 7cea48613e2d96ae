// Fuzz target for the library's strict base64url decoder and its encoder, through the public API only.
//
// The decoder is reached as the signature segment of `UnverifiedToken(decoding: "e30.e30." + input)`: the header and
// payload are `{}`, and the signature segment is neither parsed nor checked, so `signature` is exactly what the
// decoder made of the input. The encoder is reached through the segments of a minted access token.
//
// Built with `-DFUZZING -parse-as-library` and libFuzzer (see `Scripts/fuzz.sh FuzzBase64URL`), this file is only
// the `LLVMFuzzerTestOneInput` entry point. Built plainly, it is a program that replays the files and directories
// given as arguments through the same checks, so CI can run the committed corpus without libFuzzer:
// `swift run --package-path Fuzz FuzzBase64URL Fuzz/Corpus/FuzzBase64URL`.
//
// Every check traps with `fatalError` on any disagreement, which libFuzzer reports as a crash and saves the input.

import FuzzSupport
import TwilioJWT

/// The checks run on one input.
enum Harness {
    /// The header and payload segments put before the input: each the encoding of `{}`.
    static let envelope = "e30.e30."

    /// The size limit of `UnverifiedToken(decoding:)` (64 KiB; internal to the library). Longer tokens are refused as
    /// `tooLarge` before any decoding, so the decoder is not reached and the comparison does not apply. libFuzzer's
    /// inputs stay far below it unless `-max_len` says otherwise.
    static let inspectionTokenLimit = 65_536

    /// An API key to mint with: any fixed key will do, the encoder's output is what is checked.
    static let key: APIKey = {
        do {
            return try APIKey(
                sid: "SK" + String(repeating: "1", count: 32),
                secret: Secret(String(repeating: "s", count: 32)),
                accountSID: "AC" + String(repeating: "0", count: 32)
            )
        } catch {
            fatalError("fixture key rejected: \(error)")
        }
    }()

    static func run(_ buffer: UnsafeBufferPointer<UInt8>) {
        let input = Array(buffer)
        // Bytes that are not UTF-8 cannot reach the library unchanged: `String(decoding:)` replaces them with
        // U+FFFD. That changes nothing here: both the input and its replacement hold a non-ASCII byte, which neither
        // decoder accepts, so the reference's verdict on the input is the right one for what the library sees.
        let text = String(decoding: input, as: UTF8.self)
        Self.checkDecoder(input, text: text)
        Self.checkRoundTrip(input)
        Self.checkEncoder(identity: text)
    }

    /// 1. The decoder accepts exactly what the reference decoder accepts, with the same bytes, and an accepted input
    ///    is the one encoding of its bytes.
    static func checkDecoder(_ input: [UInt8], text: String) {
        let token = Self.envelope + text
        guard token.utf8.count <= Self.inspectionTokenLimit else { return }
        let decoded = Result { () throws(TokenError) in try UnverifiedToken(decoding: token) }
        // A dot in the input makes a fourth segment (or a payload segment with a dot), which must fail to decode.
        let expected = input.contains(UInt8(ascii: ".")) ? nil : ReferenceBase64URL.decode(input)
        switch (decoded, expected) {
        case (.success(let token), let expected?):
            guard token.signature == expected else {
                fatalError("strict decoder \(token.signature) != reference \(expected)")
            }
            // Strict decoding is injective: the reference encoder spells the bytes back as the input.
            guard ReferenceBase64URL.encode(token.signature) == input else {
                fatalError("accepted a non-canonical spelling")
            }
        case (.success(let token), nil):
            fatalError("strict decoder accepted what the reference refuses, as \(token.signature)")
        case (.failure(let error), let expected?):
            fatalError("strict decoder refused what the reference decodes to \(expected): \(error)")
        case (.failure(let error), nil):
            guard error.code == .malformed else {
                fatalError("a segment that is not base64url is \(error.code), not malformed: \(error)")
            }
        }
    }

    /// 2. Any bytes survive the reference's encoding followed by the library's decoding; the input serves as the
    ///    bytes. Together with 1 this pins the decoder to the reference on every canonical spelling.
    static func checkRoundTrip(_ input: [UInt8]) {
        let token = Self.envelope + ReferenceBase64URL.encodedString(input)
        guard token.utf8.count <= Self.inspectionTokenLimit else { return }
        do throws(TokenError) {
            let decoded = try UnverifiedToken(decoding: token)
            guard decoded.signature == input else {
                fatalError("decode(encode(x)) != x")
            }
        } catch {
            fatalError("the reference's encoding of the input does not decode: \(error)")
        }
    }

    /// 3. The library's encoder: every segment of a minted access token is canonical base64url by the reference
    ///    (decodes, and encodes back to itself), and its bytes are what the token says: the access token header, the
    ///    claims' UTF-8 JSON with the input as `grants.identity` (whose length moves the payload through every tail
    ///    length of the encoder), a 32-byte HS256 signature. (That the decoder reads such segments back is checks 1
    ///    and 2, and FuzzVerify's.)
    static func checkEncoder(identity: String) {
        let jwt: String
        do throws(TokenError) {
            jwt = try AccessToken(identity: identity).jwt(signedWith: Self.key, issuedAt: 1_700_000_000)
        } catch {
            fatalError("minting with any identity must succeed: \(error)")
        }
        let segments = Array(jwt.utf8).split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            .map { Array($0) }
        guard segments.count == 3 else {
            fatalError("a minted token has \(segments.count) segments")
        }
        var parts: [[UInt8]] = []
        for segment in segments {
            guard let bytes = ReferenceBase64URL.decode(segment) else {
                fatalError("a minted segment is not strict base64url")
            }
            guard ReferenceBase64URL.encode(bytes) == segment else {
                fatalError("a minted segment is not the canonical spelling of its bytes")
            }
            parts.append(bytes)
        }
        guard parts[0] == Self.accessTokenHeader else {
            fatalError("the minted header is \(String(decoding: parts[0], as: UTF8.self))")
        }
        guard parts[2].count == 32 else {
            fatalError("an HS256 signature of \(parts[2].count) bytes")
        }
        guard let text = utf8Text(parts[1]), !parts[1].starts(with: byteOrderMark) else {
            fatalError("the minted payload is not UTF-8 without a byte-order mark")
        }
        let payload: JSONObject?
        do throws(TokenError) {
            payload = try JSONValue(parsing: text).objectValue
        } catch {
            fatalError("the minted payload is not JSON: \(error)")
        }
        let expectedIdentity: JSONValue? = identity.isEmpty ? nil : .string(identity)
        guard let payload, payload["grants"]?.objectValue?["identity"] == expectedIdentity else {
            fatalError("the payload does not carry the identity it was minted with")
        }
    }

    /// The header of an access token without a region, as twilio-python writes it (the `AccessToken` documentation).
    static let accessTokenHeader = Array(#"{"alg":"HS256","cty":"twilio-fpa;v=1","typ":"JWT"}"#.utf8)
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
let replayedCount = replay(Array(CommandLine.arguments.dropFirst()), name: "FuzzBase64URL") { Harness.run($0) }
#endif
