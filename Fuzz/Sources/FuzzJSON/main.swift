// Fuzz target for the strict JSON reader that parses untrusted token headers and claims, through the public API
// only: `JSONValue(parsing:maximumDepth:)`, and the payload segment of `UnverifiedToken(decoding:)`.
//
// `JSONValue(parsing:)` takes a `String`, and a Swift string is always valid UTF-8: bytes that are not UTF-8 cannot be
// handed to it unchanged (`String(decoding:)` would replace them with U+FFFD, and the reader would see other bytes).
// So each input is read two ways:
//
// - If its bytes are valid UTF-8 (the standard library's validator decides), they are the string's UTF-8 exactly, and
//   the string goes through `JSONValue(parsing:)` for the depth, message and round-trip checks (1–3).
// - Every input, UTF-8 or not, is also base64url-encoded (by the harness's reference encoder) as the payload segment
//   of a token, `e30.<input>.`, which carries the bytes to the same reader unchanged. That is how bytes that are not
//   UTF-8, an overlong or surrogate sequence, UTF-16, are checked to be refused (4), and how the two entry points are
//   checked to agree on every UTF-8 input (5).
//
// What this leaves out: for bytes that are not UTF-8 only the token path runs, whose depth limit is fixed (32), so
// check 1 (the depth limit only adds depth failures) sees UTF-8 inputs only; a text that is not UTF-8 is refused
// under any limit. FuzzVerify reaches the same reader through the header and payload of whole tokens and checks there
// too that a segment whose bytes are not UTF-8 never decodes.
//
// Built with `-DFUZZING -parse-as-library` and libFuzzer (see `Scripts/fuzz.sh FuzzJSON`), this file is only the
// `LLVMFuzzerTestOneInput` entry point. Built plainly, it is a program that replays the files and directories given as
// arguments through the same checks, so CI can run the committed corpus without libFuzzer:
// `swift run --package-path Fuzz FuzzJSON Fuzz/Corpus/FuzzJSON`.
//
// Every check traps with `fatalError`, which libFuzzer reports as a crash and saves the input. Crashes, stack
// overflows and hangs inside the reader are found by libFuzzer and AddressSanitizer themselves.

import FuzzSupport
import TwilioJWT

/// The checks run on one input.
enum Harness {
    /// The depth limit a verifier uses (docs/security-checklist.md#r18), and a looser one to compare with.
    static let depthLimit = 16
    static let looseDepthLimit = 64
    /// The depth limit of `UnverifiedToken(decoding:)` (internal to the library), which parses the token's payload.
    static let inspectionDepthLimit = 32
    /// The size limit of `UnverifiedToken(decoding:)` (64 KiB; internal to the library). Longer tokens are refused
    /// before their JSON is read, so the token path is skipped for inputs of more than about 48 KiB.
    static let inspectionTokenLimit = 65_536
    /// The longest failure message allowed (docs/security-checklist.md#error-messages).
    static let maximumMessageLength = 160
    /// What the token decoder puts before the reader's message.
    static let payloadMessagePrefix = "the payload is not acceptable JSON: "

    static func run(_ buffer: UnsafeBufferPointer<UInt8>) {
        let input = Array(buffer)
        let text = utf8Text(input)
        if let text {
            Self.checkText(text, byteCount: input.count)
        }
        Self.checkAsPayload(input, text: text)
    }

    /// Checks 1–3 on text whose UTF-8 is the input.
    static func checkText(_ text: String, byteCount: Int) {
        let result = Self.parse(text, maximumDepth: Self.depthLimit)
        let loose = Self.parse(text, maximumDepth: Self.looseDepthLimit)

        // 1. The depth limit only ever adds depth failures: up to the 17th level the reader does the same work
        //    whatever the limit, so where the two limits give different outcomes, the strict one must have failed
        //    for depth, naming its limit.
        if result != loose {
            guard case .failure(let error) = result,
                error.message.contains("nesting deeper than \(Self.depthLimit) levels")
            else {
                fatalError("result depends on the depth limit although the text is not too deep: \(result), \(loose)")
            }
        }

        switch result {
        case .failure(let error):
            // 2. A failure points into the input and never carries much of it.
            Self.checkFailure(error.message, byteCount: byteCount)
            if case .failure(let looseError) = loose {
                Self.checkFailure(looseError.message, byteCount: byteCount)
            }
            guard error.code == .malformed || error.code == .duplicateMember else {
                fatalError("a JSON failure of code \(error.code)")
            }
        case .success(let value):
            // 3. Only UTF-8 without a byte-order mark is accepted (RFC 8725 §3.7,
            //    https://www.rfc-editor.org/rfc/rfc8725#section-3.7); the string is UTF-8 by construction, so what is
            //    left to check here is the byte-order mark. Invalid UTF-8 is check 4.
            guard !text.utf8.starts(with: byteOrderMark) else {
                fatalError("accepted text that starts with a byte-order mark")
            }
            //    What `JSONValue.description` writes (json.dumps format) reads back as the same value, and writing
            //    that again gives the same bytes.
            let written = value.description
            guard case .success(let reparsed) = Self.parse(written, maximumDepth: Self.looseDepthLimit) else {
                fatalError("description of an accepted value does not parse: \(written)")
            }
            guard reparsed == value else {
                fatalError("description does not round-trip: \(written)")
            }
            guard reparsed.description == written else {
                fatalError("description is not stable: \(written)")
            }
        }
    }

    /// Checks 4 and 5: the input as the payload of an unsigned token.
    static func checkAsPayload(_ input: [UInt8], text: String?) {
        let token = "e30." + ReferenceBase64URL.encodedString(input) + "."
        guard token.utf8.count <= Self.inspectionTokenLimit else { return }
        let decoded = Result { () throws(TokenError) in try UnverifiedToken(decoding: token) }

        guard !input.isEmpty else {
            // An empty payload segment is refused before any JSON is read.
            guard case .failure(let error) = decoded, error.message == "the payload segment is empty" else {
                fatalError("an empty payload segment was not refused as such: \(decoded)")
            }
            return
        }

        guard let text else {
            // 4. Bytes that are not UTF-8 are never accepted, and the failure, as any, points into the input. (The
            //    reader may find another fault first, a duplicate member say, so the code is either of its two.)
            guard case .failure(let error) = decoded, error.code == .malformed || error.code == .duplicateMember,
                error.message.hasPrefix(Self.payloadMessagePrefix)
            else {
                fatalError("a payload that is not UTF-8 was not refused as malformed JSON: \(decoded)")
            }
            Self.checkFailure(String(error.message.dropFirst(Self.payloadMessagePrefix.count)), byteCount: input.count)
            return
        }

        // 5. The token decoder's reader and `JSONValue(parsing:)` agree on every UTF-8 text, to the failure message:
        //    the same value where the text is an object, the decoder's own refusal of any other value.
        let direct = Self.parse(text, maximumDepth: Self.inspectionDepthLimit)
        switch (decoded, direct) {
        case (.success(let token), .success(let value)):
            guard value.objectValue == token.payload, token.header.isEmpty, token.signature.isEmpty else {
                fatalError("the token decoder reads the payload differently: \(token.payload) != \(value)")
            }
        case (.failure(let error), .success(let value)):
            guard value.objectValue == nil, error.code == .malformed,
                error.message == "the payload must be a JSON object"
            else {
                fatalError("the token decoder refuses a payload JSONValue(parsing:) reads as \(value): \(error)")
            }
        case (.failure(let error), .failure(let expected)):
            guard error.code == expected.code, error.message == Self.payloadMessagePrefix + expected.message else {
                fatalError("the two entry points refuse differently: \(error) versus \(expected)")
            }
        case (.success(let token), .failure(let expected)):
            fatalError(
                "the token decoder accepts a payload JSONValue(parsing:) refuses (\(expected)): \(token.payload)")
        }
    }

    static func parse(_ text: String, maximumDepth: Int) -> Result<JSONValue, TokenError> {
        Result { () throws(TokenError) in try JSONValue(parsing: text, maximumDepth: maximumDepth) }
    }

    /// A failure message is short and ends with ` at byte N`, N an offset within the input (the end included).
    static func checkFailure(_ message: String, byteCount: Int) {
        guard message.utf8.count <= Self.maximumMessageLength else {
            fatalError("failure message of \(message.utf8.count) bytes")
        }
        guard let last = message.split(separator: " ").last, let offset = Int(last), String(offset) == last,
            message.hasSuffix(" at byte \(last)")
        else {
            fatalError("failure message without an offset: \(message)")
        }
        guard (0...byteCount).contains(offset) else {
            fatalError("failure offset \(offset) outside 0...\(byteCount)")
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
let replayedCount = replay(Array(CommandLine.arguments.dropFirst()), name: "FuzzJSON") { Harness.run($0) }
#endif
