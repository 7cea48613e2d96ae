// Fuzz target for webhook validation (TwilioWebhooks), through the public API only: everything a request from the
// network reaches. Each input is read four ways:
//
// - as a form body, by `WebhookParameters(formURLEncoded:)`, against a model decoder in this file (same accept set,
//   same pairs byte for byte); what decodes survives `formURLEncoded` and decoding again; the size limit is exact;
// - as a URL, by `WebhookURL(_:)`: its two forms are absolute http(s) URLs, each is a fixed point (the forms of a form
//   are the same forms), and the `bodySHA256` is the same in all three;
// - as an `X-Twilio-Webhooks-Signature-Settings` value, by `WebhookSignatureSettings(headerValue:)`: what it reads
//   reads back the same from its own `headerValue`;
// - as a whole request, split at its first four line feeds into URL, `Content-Type`, `X-Twilio-Signature`, settings
//   header and body (the rest, line feeds included; an empty header line is an absent header), by
//   `WebhookRequest(url:contentType:body:signature:signatureSettings:)` and `WebhookValidator.validate` with two Auth
//   Tokens and three SharedKeys (two sharing an id). A request that validates is signed again with the secret the
//   result names, over one of the URL's forms, to the very signature it carries, and a raw body's SHA-256 is the URL's
//   `bodySHA256`; validation is deterministic; a failure has a code validation documents, a short message without
//   the signature or any secret, and a mismatch lists the URL's two forms.
//
// The seed corpus holds form bodies of Voice and Messaging webhooks, URLs, settings headers, and requests signed with
// the secrets below (by twilio-python's `RequestValidator.compute_signature`), so that the fuzzer starts from inputs
// that validate.
//
// Built with `-DFUZZING -parse-as-library` and libFuzzer (`Scripts/fuzz.sh FuzzWebhook 60`), this file is only the
// `LLVMFuzzerTestOneInput` entry point. Built plainly, it replays the files and directories given as arguments
// through the same checks: `swift run --package-path Fuzz FuzzWebhook Fuzz/Corpus/FuzzWebhook`. Every check traps
// with `fatalError`, which libFuzzer reports as a crash.

import FuzzSupport
import TwilioWebhooks

enum Harness {
    static let authTokens = ["0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"]
    static let sharedKeys = [
        (id: "KS1", secret: "sharedkey0one0abcdefghijklmnopqr"),
        (id: "KS1", secret: "sharedkey0two0abcdefghijklmnopqr"),
        (id: "KS2", secret: "sharedkey0three0abcdefghijklmnop"),
    ]

    static let validator: WebhookValidator = {
        do {
            return try WebhookValidator(
                authTokens: Self.authTokens.map { try WebhookSecret($0) },
                sharedKeys: Self.sharedKeys.map { try WebhookSharedKey(id: $0.id, secret: WebhookSecret($0.secret)) })
        } catch {
            fatalError("fixture secrets rejected: \(error)")
        }
    }()

    /// The longest failure message allowed (docs/security-checklist.md#error-messages).
    static let maximumMessageLength = 600

    static func run(_ buffer: UnsafeBufferPointer<UInt8>) {
        let input = Array(buffer)
        let text = String(decoding: input, as: UTF8.self)
        Self.checkForm(input)
        Self.checkURL(text)
        Self.checkSettings(text)
        Self.checkRequest(input)
    }

    // MARK: - Form bodies

    static func checkForm(_ input: [UInt8]) {
        let decoded = Result { () throws(WebhookError) in try WebhookParameters(formURLEncoded: input) }
        let expected = Self.modelDecode(input)
        switch (decoded, expected) {
        case (.success(let parameters), let expected?):
            // 1. The decoder and the model read the same pairs, byte for byte.
            let pairs = parameters.pairs.map { (name: Array($0.name.utf8), value: Array($0.value.utf8)) }
            guard pairs.count == expected.count, zip(pairs, expected).allSatisfy({ $0 == $1 }) else {
                fatalError("the decoder and the model read the form differently")
            }
            // 2. Encoding what was decoded gives ASCII that decodes to the same parameters.
            let encoded = Array(parameters.formURLEncoded.utf8)
            guard encoded.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                fatalError("formURLEncoded wrote a byte that is not printable ASCII")
            }
            guard let again = try? WebhookParameters(formURLEncoded: encoded, maximumByteCount: encoded.count),
                again == parameters
            else {
                fatalError("formURLEncoded does not decode to the same parameters")
            }
            // 3. The limit is exact: the body's own length is accepted, one byte less is too little.
            guard (try? WebhookParameters(formURLEncoded: input, maximumByteCount: input.count)) == parameters else {
                fatalError("a body of exactly the limit was refused")
            }
            if !input.isEmpty {
                Self.expectFailure(.tooLarge) { () throws(WebhookError) in
                    _ = try WebhookParameters(formURLEncoded: input, maximumByteCount: input.count - 1)
                }
            }
        case (.success, nil):
            fatalError("the decoder accepts a form the model refuses")
        case (.failure(let error), _?):
            guard error.code == .tooLarge, input.count > WebhookParameters.defaultMaximumByteCount else {
                fatalError("the decoder refuses a form the model accepts: \(error)")
            }
        case (.failure(let error), nil):
            // 4. A refusal says where: at or near a byte of the body.
            guard error.code == .invalidForm || error.code == .tooLarge else {
                fatalError("a form refused with code \(error.code)")
            }
            Self.checkMessage(error, input: input)
            if error.code == .invalidForm {
                guard let offset = Self.trailingNumber(error.message), offset < input.count else {
                    fatalError("a form error names no byte of the body: \(error.message)")
                }
            }
        }
    }

    /// The pairs of an `application/x-www-form-urlencoded` body by the rules `WebhookParameters` documents, or `nil`
    /// where they refuse it: `&`-separated fields, empty ones skipped; the name up to the first `=`; `+` a space and
    /// `%XX` a byte; names and values UTF-8 (by the standard library's validator, through `utf8Text`).
    static func modelDecode(_ body: [UInt8]) -> [(name: [UInt8], value: [UInt8])]? {
        guard body.count <= WebhookParameters.defaultMaximumByteCount else { return nil }
        var pairs: [(name: [UInt8], value: [UInt8])] = []
        for field in body.split(separator: UInt8(ascii: "&")) {
            let field = Array(field)
            let equals = field.firstIndex(of: UInt8(ascii: "=")) ?? field.count
            guard let name = Self.modelUnescape(Array(field[..<equals])),
                let value = Self.modelUnescape(equals < field.count ? Array(field[(equals + 1)...]) : []),
                utf8Text(name) != nil, utf8Text(value) != nil
            else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    static func modelUnescape(_ raw: [UInt8]) -> [UInt8]? {
        let hexDigits = Array("0123456789ABCDEF".utf8)
        func hex(_ byte: UInt8) -> UInt8? {
            let upper = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f") ? byte - 0x20 : byte
            return hexDigits.firstIndex(of: upper).map(UInt8.init)
        }
        var output: [UInt8] = []
        var index = 0
        while index < raw.count {
            if raw[index] == UInt8(ascii: "%") {
                guard index + 2 < raw.count, let high = hex(raw[index + 1]), let low = hex(raw[index + 2]) else {
                    return nil
                }
                output.append(high * 16 + low)
                index += 3
            } else {
                output.append(raw[index] == UInt8(ascii: "+") ? UInt8(ascii: " ") : raw[index])
                index += 1
            }
        }
        return output
    }

    // MARK: - URLs

    static func checkURL(_ text: String) {
        let parsed: WebhookURL
        do {
            parsed = try WebhookURL(text)
        } catch {
            guard error.code == .invalidURL, error.message.hasPrefix("the webhook URL cannot be checked: ") else {
                fatalError("a URL refused with \(error)")
            }
            Self.checkMessage(error, input: Array(text.utf8))
            return
        }
        // 5. Both forms are absolute http(s) URLs, the form with the port has one, and each form is a fixed point.
        for form in parsed.candidates {
            guard form.utf8.starts(with: "https://".utf8) || form.utf8.starts(with: "http://".utf8) else {
                fatalError("a form of the URL has another scheme: \(form)")
            }
        }
        guard let withoutPort = try? WebhookURL(parsed.withoutPort), let withPort = try? WebhookURL(parsed.withPort)
        else {
            fatalError("a form of the URL cannot be read again")
        }
        guard Self.same(withoutPort.withoutPort, parsed.withoutPort), Self.same(withPort.withPort, parsed.withPort),
            Self.same(withPort.withoutPort, parsed.withoutPort)
        else {
            fatalError("the forms of a form of \(String(reflecting: text)) differ from its own forms")
        }
        guard Self.same(withoutPort.withPort, Self.withDefaultPort(parsed.withoutPort)) else {
            fatalError("the URL without its port does not get the scheme's default port")
        }
        guard withoutPort.bodySHA256 == parsed.bodySHA256, withPort.bodySHA256 == parsed.bodySHA256 else {
            fatalError("the forms of the URL carry another bodySHA256")
        }
    }

    /// `url` (which has no port) with the scheme's default port after its host.
    static func withDefaultPort(_ url: String) -> String {
        let https = url.utf8.starts(with: "https://".utf8)
        let scalars = Array(url.unicodeScalars)
        let start = https ? 8 : 7
        let end = scalars[start...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? scalars.count
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[..<end])
        view.append(contentsOf: (https ? ":443" : ":80").unicodeScalars)
        view.append(contentsOf: scalars[end...])
        return String(view)
    }

    // MARK: - The settings header

    static func checkSettings(_ text: String) {
        do {
            let settings = try WebhookSignatureSettings(headerValue: text)
            // 6. What the header says reads back the same from the header written for it.
            guard let again = try? WebhookSignatureSettings(headerValue: settings.headerValue),
                again.algorithm == settings.algorithm,
                again.keyID.map({ Array($0.utf8) }) == settings.keyID.map({ Array($0.utf8) })
            else {
                fatalError("settings do not read back from their own header: \(String(reflecting: text))")
            }
        } catch {
            guard error.code == .unsupportedAlgorithm else {
                fatalError("a settings header refused with \(error)")
            }
            Self.checkMessage(error, input: Array(text.utf8))
        }
    }

    // MARK: - Whole requests

    static func checkRequest(_ input: [UInt8]) {
        let parts = input.split(separator: UInt8(ascii: "\n"), maxSplits: 4, omittingEmptySubsequences: false)
        guard parts.count == 5 else { return }
        func header(_ bytes: ArraySlice<UInt8>) -> String? {
            bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
        }
        let url = String(decoding: parts[0], as: UTF8.self)
        let signature = header(parts[2])
        let settings = header(parts[3])
        let body = Array(parts[4])
        let request: WebhookRequest
        do {
            request = try WebhookRequest(
                url: url, contentType: header(parts[1]), body: body, signature: signature, signatureSettings: settings)
        } catch {
            guard error.code == .invalidForm || error.code == .tooLarge else {
                fatalError("a request refused with \(error)")
            }
            return
        }
        let result = Result { () throws(WebhookError) in try Self.validator.validate(request) }
        let again = Result { () throws(WebhookError) in try Self.validator.validate(request) }
        guard result == again else {
            fatalError("validation is not deterministic")
        }
        switch result {
        case .success(let match):
            Self.checkMatch(match, request: request)
        case .failure(let error):
            // What a message may quote besides the signature: the other parts of the request.
            let others = Array([parts[0], parts[1], parts[3], parts[4]].joined(separator: [0x0A]))
            Self.checkRefusal(error, request: request, input: input, others: others)
        }
    }

    /// 7. A validated request's signature is the one its secret makes over one of the URL's forms, and a raw body is
    ///    the one the URL's bodySHA256 names.
    static func checkMatch(_ match: WebhookValidation, request: WebhookRequest) {
        let secret: String
        if let id = match.sharedKeyID {
            guard let settings = try? WebhookSignatureSettings(headerValue: request.signatureSettings ?? "") else {
                fatalError("validated with a SharedKey and settings that cannot be read")
            }
            // The keys the settings select: those with its id, byte for byte, or every key if it names none.
            let keys = Self.sharedKeys.filter { key in settings.keyID.map { Self.same($0, key.id) } ?? true }
            guard match.secretIndex < keys.count, Self.same(keys[match.secretIndex].id, id),
                settings.algorithm == match.algorithm
            else {
                fatalError("validated with SharedKey \(id) at \(match.secretIndex), which the settings do not select")
            }
            secret = keys[match.secretIndex].secret
        } else {
            guard match.algorithm == .hmacSHA1, match.secretIndex < Self.authTokens.count else {
                fatalError("validated with Auth Token \(match.secretIndex) and \(match.algorithm)")
            }
            secret = Self.authTokens[match.secretIndex]
        }
        guard let url = try? WebhookURL(request.url), let key = try? WebhookSecret(secret) else {
            fatalError("validated a URL that cannot be read")
        }
        var parameters = WebhookParameters()
        switch request.body {
        case .form(let form):
            parameters = form
        case .raw(let body):
            guard let claimed = url.bodySHA256, claimed == WebhookSignature.bodySHA256(of: body) else {
                fatalError("validated a raw body that is not the one bodySHA256 names")
            }
        }
        let signatures = url.candidates.map {
            WebhookSignature.compute(url: $0, parameters: parameters, secret: key, algorithm: match.algorithm)
        }
        guard signatures.contains(where: { Self.same($0, request.signature ?? "") }) else {
            fatalError("validated a signature that no form of the URL signs to")
        }
    }

    static let refusals: [WebhookError.Code] = [
        .missingSignature, .malformedSignature, .malformedSignatureSettings, .unsupportedAlgorithm, .noMatchingSecret,
        .invalidURL, .missingBodyHash, .bodyHashMismatch, .signatureMismatch,
    ]

    /// 8. A refusal has a code validation documents, a short message without the signature or a secret, and a
    ///    mismatch names the URL's two forms.
    static func checkRefusal(_ error: WebhookError, request: WebhookRequest, input: [UInt8], others: [UInt8]) {
        guard Self.refusals.contains(error.code), error.category == .rejectedRequest else {
            fatalError("a validation refused with \(error.code)")
        }
        Self.checkMessage(error, input: input)
        if let signature = request.signature, signature.utf8.count >= 8,
            Self.bytes(Array(error.message.utf8), contain: Array(signature.utf8)),
            !Self.bytes(others, contain: Array(signature.utf8))
        {
            fatalError("an error message shows the signature: \(error.message)")
        }
        if error.code == .signatureMismatch {
            guard let url = try? WebhookURL(request.url),
                error.urlCandidates.map({ Array($0.utf8) }) == url.candidates.map({ Array($0.utf8) })
            else {
                fatalError("a mismatch does not list the URL's two forms")
            }
        } else if !error.urlCandidates.isEmpty {
            fatalError("a \(error.code) error lists URLs")
        }
    }

    // MARK: - Helpers

    /// Every message is short and shows no secret that the input does not hold itself (a message may quote a little
    /// of the input, and libFuzzer, which sees this function compare, soon writes the secrets into its inputs).
    static func checkMessage(_ error: WebhookError, input: [UInt8]) {
        let message = Array(error.message.utf8)
        guard message.count <= Self.maximumMessageLength else {
            fatalError("a \(message.count)-byte error message")
        }
        for secret in Self.authTokens + Self.sharedKeys.map(\.secret) {
            let start = Array(secret.utf8.prefix(12))
            if Self.bytes(message, contain: start), !Self.bytes(input, contain: start) {
                fatalError("an error message shows a secret")
            }
        }
    }

    static func expectFailure(_ code: WebhookError.Code, _ body: () throws(WebhookError) -> Void) {
        do {
            try body()
            fatalError("expected \(code), and it succeeded")
        } catch {
            guard error.code == code else { fatalError("expected \(code), got \(error)") }
        }
    }

    /// The number at the end of a message ("… at byte 12").
    static func trailingNumber(_ message: String) -> Int? {
        let digits = message.utf8.reversed().prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        return digits.isEmpty ? nil : Int(String(decoding: digits.reversed(), as: UTF8.self))
    }

    /// Whether two strings have the same UTF-8 (`==` on `String` equates canonically equivalent text).
    static func same(_ left: String, _ right: String) -> Bool {
        left.utf8.elementsEqual(right.utf8)
    }

    /// Whether `haystack` holds `needle` as a run of bytes.
    static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { start in
            haystack[start..<(start + needle.count)].elementsEqual(needle)
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
let replayedCount = replay(Array(CommandLine.arguments.dropFirst()), name: "FuzzWebhook") { Harness.run($0) }
#endif
