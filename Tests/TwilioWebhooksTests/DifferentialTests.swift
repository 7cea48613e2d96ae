import Testing
import TwilioJWTTestSupport
import TwilioWebhooks

/// The library against twilio-python 9.13.0's `RequestValidator` (`Tests/Python/webhook_reference.py`), on seeded
/// random requests (``RandomWebhookRequests``): the same signatures byte for byte, the same URL forms, and the same
/// verdict on every request and on mutations of it.
@Suite("Webhook signatures against twilio-python 9.13.0 (differential)")
struct DifferentialTests {
    static let seed: UInt64 = 0x7E_B400_2026
    static let requestCount = 600

    /// The generated requests, each with twilio-python's signatures of it.
    static func signedRequests() throws -> [(request: GeneratedRequest, reference: WebhookReference.Signatures)] {
        var random = RandomWebhookRequests(seed: Self.seed)
        let edges = RandomWebhookRequests.edgeURLs
        let requests = (0..<Self.requestCount).map { index in
            random.request(url: index < edges.count ? edges[index] : nil)
        }
        let signatures = try WebhookReference.sign(requests.map { WebhookReference.Request($0) })
        return Array(zip(requests, signatures))
    }

    @Test("the reference is importable whenever the run requires it")
    func referenceAvailableWhenRequired() {
        if PythonReference.isRequired {
            #expect(
                PythonReference.isAvailable,
                "TWILIO_JWT_REQUIRE_REFERENCE=1 but python3 cannot import twilio 9.13.0: the differential tests were skipped"
            )
        }
    }

    // MARK: - Signatures

    @Test(
        "600 random requests: compute equals compute_signature byte for byte, and the URL's forms equal remove_port's and add_port's",
        .pythonReference)
    func signaturesMatch() throws {
        let signed = try Self.signedRequests()
        var differences = Differences()
        for (index, (request, reference)) in signed.enumerated() {
            let secret = try WebhookSecret(request.secret)
            func signature(_ url: String) -> String {
                WebhookSignature.compute(
                    url: url, parameters: request.parameters, secret: secret, algorithm: request.algorithm)
            }
            let context = "request \(index): \(request.url.debugDescription) (\(request.algorithm.rawValue))"
            differences.check(signature(request.url), reference.signature, "signature of \(context)")
            differences.check(signature(reference.withoutPortURL), reference.withoutPort, "without port, \(context)")
            differences.check(signature(reference.withPortURL), reference.withPort, "with port, \(context)")
            do {
                let url = try WebhookURL(request.url)
                differences.check(url.withoutPort, reference.withoutPortURL, "remove_port of \(context)")
                differences.check(url.withPort, reference.withPortURL, "add_port of \(context)")
                differences.check(url.bodySHA256, reference.bodySHA256, "bodySHA256 of \(context)")
            } catch {
                differences.record("WebhookURL refuses \(context), which twilio-python reads: \(error)")
            }
            if case .raw(let body) = request.content {
                differences.check(WebhookSignature.bodySHA256(of: body), reference.bodyHash, "body hash of \(context)")
            }
        }
        #expect(differences.count == 0)
        Self.expectCoverage(signed.map(\.request))
    }

    /// The generator must have made the cases the tests are about.
    static func expectCoverage(_ requests: [GeneratedRequest]) {
        let pairs = requests.compactMap { request -> [GeneratedRequest.Pair]? in
            guard case .form(let pairs) = request.content else { return nil }
            return pairs
        }
        #expect(pairs.count > 300 && pairs.count < requests.count)
        #expect(pairs.contains { Set($0.map { Array($0.name.utf8) }).count < $0.count })
        // Compared as UTF-8: String's == equates the two.
        let precomposed = Array("\u{E9}".utf8)
        let decomposed = Array("e\u{301}".utf8)
        #expect(
            pairs.contains { pairs in
                pairs.contains { Array($0.name.utf8) == precomposed }
                    && pairs.contains { Array($0.name.utf8) == decomposed }
            })
        #expect(pairs.contains { $0.contains { $0.value.isEmpty } })
        #expect(pairs.contains { $0.isEmpty })
        #expect(requests.contains { $0.asDict } && requests.contains { !$0.asDict })
        for needle in [":0443/", ":080/", ";?", "/\u{301}", "\u{37E}", "%E2%82%AC", "?#", "//", "HTTPS://", "😀"] {
            #expect(requests.contains { $0.url.unicodeScalars.contains(needle.unicodeScalars) }, "no URL has \(needle)")
        }
        #expect(requests.contains { $0.url.hasSuffix(";") })
        #expect(requests.contains { $0.url.hasSuffix("?") })
        #expect(Set(requests.map(\.algorithm)) == Set(WebhookSignatureAlgorithm.allCases))
    }

    // MARK: - Validation

    /// One validation: a request as sent (perhaps a mutation of a generated one) and the signature it carries.
    struct ValidationCase {
        var mutation: String
        var request: GeneratedRequest
        var signature: String
    }

    // With the seed above: 5,542 cases (the 600 requests as signed and 4,942 mutations), of which 5,513 are compared
    // (889 accepted by both, 4,624 refused by both) and 29 set apart by the next test's rule (a mutation of a raw-body
    // request's URL that broke its bodySHA256).
    @Test(
        "600 random requests and their mutations, 5,513 cases: validate agrees with twilio-python's validate on every one",
        .pythonReference)
    func validationAgrees() throws {
        let signed = try Self.signedRequests()
        var random = RandomWebhookRequests(seed: Self.seed ^ 0xFFFF)
        var cases: [ValidationCase] = []
        for (request, reference) in signed {
            cases += Self.cases(request, reference, &random)
        }
        let verdicts = try WebhookReference.validate(
            cases.map { WebhookReference.Request($0.request, signature: $0.signature) })

        var differences = Differences()
        var compared = 0
        var accepted = 0
        var setApart = 0
        for (index, (validation, verdict)) in zip(cases, verdicts).enumerated() {
            let ours = Self.validate(validation, method: index % 3)
            let context =
                "\(validation.mutation) of \(validation.request.url.debugDescription) "
                + "(\(validation.request.algorithm.rawValue)); ours: \(ours), python: \(verdict.valid) \(verdict.error ?? "")"
            if case .raw = validation.request.content, !verdict.bodyHashChecked {
                // The intended deviation: a raw body that no bodySHA256 covers (the next test).
                setApart += 1
                // The signature's format is checked before the body: a mutation to the other algorithm fails there.
                if ours.error?.code != .missingBodyHash && ours.error?.code != .malformedSignature {
                    differences.record("expected missingBodyHash: \(context)")
                }
                continue
            }
            compared += 1
            switch ours {
            case .accepted:
                accepted += 1
                if !verdict.valid { differences.record(context) }
            case .rejected(let error):
                if verdict.valid {
                    differences.record(context)
                } else if !Self.rejections.contains(error.code) {
                    differences.record("unexpected error code: \(context)")
                }
            case .misreported:
                differences.record(context)
            }
        }
        #expect(differences.count == 0)
        #expect(compared >= 5_000, "compared \(compared) cases")
        // Both outcomes are well represented: a request's unmutated form is signed over one of its candidates two times
        // in three (the third signature is of the URL as given, which is often a candidate too).
        #expect(accepted >= 700 && compared - accepted >= 3_000, "\(accepted) of \(compared) accepted")
        #expect(setApart < 100, "\(setApart) cases set apart")
    }

    static let rejections: Set<WebhookError.Code> = [
        .signatureMismatch, .malformedSignature, .bodyHashMismatch, .invalidURL,
    ]

    /// The request signed over one of its forms, then that request with one thing changed, each mutation once.
    static func cases(
        _ request: GeneratedRequest, _ reference: WebhookReference.Signatures, _ random: inout RandomWebhookRequests
    ) -> [ValidationCase] {
        let signature = random.random.pick([reference.signature, reference.withoutPort, reference.withPort])
        var cases = [ValidationCase(mutation: "as signed", request: request, signature: signature)]
        func add(_ mutation: String, _ change: (inout GeneratedRequest) -> Void) {
            var changed = request
            change(&changed)
            cases.append(ValidationCase(mutation: mutation, request: changed, signature: signature))
        }

        if let url = Self.urlWithOneByteChanged(request.url, &random) {
            add("one byte of the URL changed") { $0.url = url }
        }
        switch request.content {
        case .form(let pairs):
            if !pairs.isEmpty {
                let index = random.random.int(0...(pairs.count - 1))
                var changed = pairs
                changed[index].value += random.random.pick(["x", " ", "\u{301}", "0"])
                add("a parameter's value changed") { $0.content = .form(changed) }
                var removed = pairs
                removed.remove(at: random.random.int(0...(pairs.count - 1)))
                add("a parameter removed") { $0.content = .form(removed) }
            }
            let added = GeneratedRequest.Pair(
                name: random.random.pick(RandomWebhookRequests.names),
                value: random.random.pick(RandomWebhookRequests.values))
            add("a parameter added") {
                $0.content = .form(pairs + [added])
                $0.asDict = false
            }
        case .raw(let body):
            let positions = body.indices.filter { body[$0] < 0x80 }
            if let position = positions.isEmpty ? nil : random.random.pick(positions) {
                var changed = body
                changed[position] = changed[position] == UInt8(ascii: " ") ? UInt8(ascii: "_") : UInt8(ascii: " ")
                add("one byte of the body changed") { $0.content = .raw(changed) }
            }
        }
        if var pieces = URLPieces(request.url) {
            let https = pieces.scheme.lowercased() == "https"
            if pieces.port == nil {
                pieces.port = random.random.pick([https ? "443" : "80", https ? "80" : "443", "8080"])
            } else {
                pieces.port = random.random.pick([nil, "8443", https ? "443" : "80", "1"])
            }
            if !pieces.url.utf8.elementsEqual(request.url.utf8) {
                add("the port changed, added or removed") { $0.url = pieces.url }
            }
            var flipped = URLPieces(request.url)!
            flipped.scheme = https ? "http" : "https"
            add("the scheme flipped") { $0.url = flipped.url }
        }
        var characters = Array(signature)
        let position = random.random.int(0...(characters.firstIndex(of: "=").map { $0 - 1 } ?? characters.count - 1))
        characters[position] = characters[position] == "A" ? "B" : "A"
        cases.append(
            ValidationCase(mutation: "one signature character changed", request: request, signature: String(characters))
        )
        add("the wrong secret") { $0.secret += "0" }
        add("the other algorithm") { $0.algorithm = $0.algorithm == .hmacSHA1 ? .hmacSHA256 : .hmacSHA1 }
        return cases
    }

    /// The URL with one ASCII character replaced by another, if the result is a URL ``WebhookURL`` accepts (the ones
    /// it refuses are URLTests' subject).
    static func urlWithOneByteChanged(_ url: String, _ random: inout RandomWebhookRequests) -> String? {
        let scalars = Array(url.unicodeScalars)
        let positions = scalars.indices.filter { scalars[$0].isASCII }
        let replacements = Array("aZ09-._~/?#&=;:%+!$".unicodeScalars)
        for _ in 0..<8 {
            var changed = scalars
            let position = random.random.pick(positions)
            changed[position] = random.random.pick(replacements.filter { $0 != scalars[position] })
            var view = String.UnicodeScalarView()
            view.append(contentsOf: changed)
            let candidate = String(view)
            if (try? WebhookURL(candidate)) != nil { return candidate }
        }
        return nil
    }

    static let sharedKeyID = "KSdifferential"

    /// What our side made of a case.
    enum Outcome {
        case accepted
        case rejected(WebhookError)
        /// Accepted, but reported with another secret or algorithm than the one that signed.
        case misreported(String)

        var error: WebhookError? {
            guard case .rejected(let error) = self else { return nil }
            return error
        }
    }

    /// Validates a case through one of three entry points: the static `validate(url:body:signature:secrets:)`; a
    /// validator with the request made from its bytes and content type (form bodies encoded and decoded again), its
    /// Auth Token for HMAC-SHA1 and a SharedKey for HMAC-SHA256; a validator whose one SharedKey signs with whichever
    /// algorithm the settings header names.
    static func validate(_ validation: ValidationCase, method: Int) -> Outcome {
        let request = validation.request
        do throws(WebhookError) {
            let secret = try WebhookSecret(request.secret)
            switch method {
            case 0:
                let index = try WebhookValidator.validate(
                    url: request.url, body: request.body, signature: validation.signature, secrets: [secret],
                    algorithm: request.algorithm)
                return index == 0 ? .accepted : .misreported("secret \(index)")
            case 1:
                let (contentType, bytes): (String, [UInt8]) =
                    switch request.content {
                    case .form:
                        (
                            "application/x-www-form-urlencoded; charset=UTF-8",
                            Array(request.parameters.formURLEncoded.utf8)
                        )
                    case .raw(let body): ("application/json", body)
                    }
                let sharedKey = request.algorithm == .hmacSHA256
                let validator =
                    sharedKey
                    ? try WebhookValidator(
                        authTokens: [], sharedKeys: [WebhookSharedKey(id: Self.sharedKeyID, secret: secret)])
                    : try WebhookValidator(authTokens: [secret])
                let match = try validator.validate(
                    WebhookRequest(
                        url: request.url, contentType: contentType, body: bytes, signature: validation.signature,
                        signatureSettings: sharedKey ? "key=\(Self.sharedKeyID),algorithm=HMAC_SHA256" : nil))
                guard match.algorithm == request.algorithm, match.secretIndex == 0,
                    match.sharedKeyID == (sharedKey ? Self.sharedKeyID : nil)
                else { return .misreported("\(match)") }
                return .accepted
            default:
                let validator = try WebhookValidator(
                    authTokens: [], sharedKeys: [WebhookSharedKey(id: Self.sharedKeyID, secret: secret)])
                let settings =
                    request.algorithm == .hmacSHA1
                    ? "key=\(Self.sharedKeyID)" : " algorithm = hmac_sha256 , key=\(Self.sharedKeyID)"
                let match = try validator.validate(
                    WebhookRequest(
                        url: request.url, body: request.body, signature: validation.signature,
                        signatureSettings: settings))
                guard match.sharedKeyID == Self.sharedKeyID, match.algorithm == request.algorithm,
                    match.secretIndex == 0
                else { return .misreported("\(match)") }
                return .accepted
            }
        } catch {
            return .rejected(error)
        }
    }

    // MARK: - The settings header

    /// Settings headers at the edges of twilio-python's `get_signature_algorithm`: parts split at commas, names and
    /// values stripped of what Python's `str.isspace` calls white space, the first non-empty `algorithm=`, names
    /// compared exactly.
    static let settingsHeaders = [
        "", " ", "key=K", "algorithm=HMAC_SHA256", "key=K,algorithm=HMAC_SHA256", "key=K, algorithm = hmac_sha256 ",
        "algorithm=HMAC_SHA1", "algorithm=", "algorithm= ,algorithm=HMAC_SHA256", "algorithm=HMAC_MD5",
        "algorithm=HMAC_SHA256,algorithm=HMAC_MD5", "algorithm", "=HMAC_SHA256", "Algorithm=HMAC_SHA256",
        "algorithm=HMAC_SHA256=x", "algorithm=HMAC-SHA256", ",algorithm=HMAC_SHA256", "key=a,b,algorithm=HMAC_SHA256",
        "\talgorithm\t=\tHMAC_SHA256\t", "algorithm=HMAC_SHA256\u{A0}", "algorithm=HMAC_SHA256\u{3000}",
        "algorithm=hmac_sha256\r\n", "algorithm=HMAC_SHA256\u{1F}", "\u{1C}algorithm=HMAC_SHA256",
        "algorithm=\u{301}HMAC_SHA256", "key=K,algorithm=\u{301}HMAC_SHA1", "algorithm\u{301}=HMAC_SHA256",
        "key=K,\u{301}algorithm=HMAC_SHA256", "algorithm=HMAC_SHA256\u{301}", "algorithm=HMAC_SHA256,\u{301}",
        "algorithm=\u{200B}HMAC_SHA256", "key=K;algorithm=HMAC_SHA256",
    ]

    /// Where twilio-python is more lenient, on purpose not followed: Python's `upper()` maps U+017F LATIN SMALL LETTER
    /// LONG S to `S`, so it reads these names as HMAC-SHA1 or HMAC-SHA256; names are compared in ASCII here.
    static let unicodeCaseHeaders = ["algorithm=HMAC_\u{17F}HA1", "algorithm=hmac_\u{17F}ha256"]

    @Test("the settings header names the algorithm twilio-python's get_signature_algorithm reads", .pythonReference)
    func settingsAlgorithmMatches() throws {
        let references = try WebhookReference.algorithms(ofSettings: Self.settingsHeaders)
        for (header, reference) in zip(Self.settingsHeaders, references) {
            let ours = Result { () throws(WebhookError) in try WebhookSignatureSettings(headerValue: header) }
            switch ours {
            case .success(let settings):
                #expect(
                    reference.supported && settings.algorithm.rawValue == reference.upper,
                    "\(header.debugDescription): ours \(settings.algorithm.rawValue), python \(reference.algorithm.debugDescription)"
                )
            case .failure(let error):
                #expect(
                    !reference.supported && error.code == .unsupportedAlgorithm,
                    "\(header.debugDescription): ours \(error), python \(reference.algorithm.debugDescription)")
            }
        }
        let lenient = try WebhookReference.algorithms(ofSettings: Self.unicodeCaseHeaders)
        for (header, reference) in zip(Self.unicodeCaseHeaders, lenient) {
            #expect(reference.supported)
            let error = #expect(throws: WebhookError.self) { try WebhookSignatureSettings(headerValue: header) }
            #expect(error?.code == .unsupportedAlgorithm)
        }
    }

    // MARK: - The intended deviation

    @Test(
        "a raw body that no bodySHA256 covers is missingBodyHash; twilio-python raises TypeError, or checks only the URL of an empty body",
        .pythonReference)
    func rawBodyWithoutHash() throws {
        var random = RandomWebhookRequests(seed: Self.seed ^ 0xB0D7)
        var requests: [GeneratedRequest] = []
        for index in 0..<40 {
            var request = random.request()
            request.url = random.url()
            request.content = .raw(index.isMultiple(of: 4) ? [] : Array(random.jsonBody().utf8))
            requests.append(request)
        }
        let signatures = try WebhookReference.sign(requests.map { WebhookReference.Request($0) })
        let verdicts = try WebhookReference.validate(
            zip(requests, signatures).map { WebhookReference.Request($0, signature: $1.withoutPort) })
        for ((request, signature), verdict) in zip(zip(requests, signatures), verdicts) {
            guard case .raw(let body) = request.content else { continue }
            let secret = try WebhookSecret(request.secret)
            let direct = #expect(throws: WebhookError.self, "\(request.url.debugDescription)") {
                try WebhookValidator.validate(
                    url: request.url, body: .raw(body), signature: signature.withoutPort, secrets: [secret],
                    algorithm: request.algorithm)
            }
            #expect(direct?.code == .missingBodyHash)
            let fromBytes = try WebhookRequest(
                url: request.url, contentType: "application/json", body: body, signature: signature.withoutPort,
                signatureSettings: "algorithm=\(request.algorithm.rawValue)")
            let validator = try WebhookValidator(
                authTokens: [], sharedKeys: [WebhookSharedKey(id: Self.sharedKeyID, secret: secret)])
            let throughValidator = #expect(throws: WebhookError.self) { try validator.validate(fromBytes) }
            #expect(throughValidator?.code == .missingBodyHash)
            #expect(!verdict.bodyHashChecked)
            if body.isEmpty {
                #expect(verdict.valid && verdict.error == nil, "python checks the URL only: \(verdict)")
            } else {
                #expect(!verdict.valid && verdict.error?.hasPrefix("TypeError") == true, "python: \(verdict)")
            }
        }
    }
}

/// Counts mismatches between the library and the reference, recording the first few in full.
struct Differences {
    private(set) var count = 0

    mutating func record(_ description: String) {
        self.count += 1
        if self.count <= 5 {
            Issue.record(Comment(rawValue: description))
        }
    }

    /// Compares as UTF-8 bytes: `String`'s `==` would equate canonically equivalent text.
    mutating func check(_ ours: String?, _ reference: String?, _ description: String) {
        guard ours.map({ Array($0.utf8) }) != reference.map({ Array($0.utf8) }) else { return }
        self.record("\(description)\n  ours:   \(ours.debugDescription)\n  python: \(reference.debugDescription)")
    }
}
