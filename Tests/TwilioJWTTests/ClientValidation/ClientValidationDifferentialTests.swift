import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

@Suite("Client validation tokens against twilio-python 9.13.0 (differential)")
struct ClientValidationDifferentialTests {
    static let requestCount = 80

    @Test("80 random requests give twilio-python's canonical request and byte-identical RS256 tokens", .pythonReference)
    func randomRequestsMatchReference() throws {
        var random = RandomRequests(seed: 0x9C_C7_2026)
        var requests: [ClientValidationRequest] = []
        var specs: [JSONValue] = []
        var issueTimes: [Int] = []
        for index in 0..<Self.requestCount {
            let request = try random.request()
            let issuedAt = random.random.int(1_000_000_000...2_000_000_000)
            // Python reads the key in both PEM forms; ours was read from PKCS#8.
            let pem = index.isMultiple(of: 2) ? PKCVFixtures.pkcs1PEM : PKCVFixtures.pkcs8PEM
            requests.append(request)
            issueTimes.append(issuedAt)
            specs.append(random.pythonSpec(of: request, issuedAt: issuedAt, privateKeyPEM: pem))
        }
        let expected = try PKCVReference.run("tokens", .array(specs))
        try #require(expected.count == specs.count)

        var differences = 0
        for (index, reference) in expected.enumerated() {
            let request = requests[index]
            let ours = try ClientValidationToken(request: request).jwt(
                signedWith: PKCVFixtures.key, issuedAt: issueTimes[index])
            // Bytes, not String ==, which would equate canonically equivalent text.
            let canonicalMatches =
                Array(request.canonicalRequest.utf8) == Array((reference["canonicalRequest"]?.stringValue ?? "").utf8)
            if !canonicalMatches || ours != reference["token"]?.stringValue {
                differences += 1
                if differences <= 3 {
                    Issue.record(
                        """
                        request \(index) differs (spec \(specs[index]["headers"]!.json))
                        ours:   \(request.canonicalRequest.debugDescription)
                        python: \(reference["canonicalRequest"]?.json ?? "nil")
                        """
                    )
                }
            }
        }
        #expect(differences == 0)
        // The generator must have produced the cases the test is about.
        #expect(requests.contains { $0.body.isEmpty } && requests.contains { !$0.body.isEmpty })
        #expect(
            requests.contains { $0.path.contains("%") }
                && requests.contains { $0.path.unicodeScalars.contains { !$0.isASCII } })
        #expect(
            requests.contains { request in
                let names = request.headers.map { RequestRules.lowercasedASCII($0.name) }
                return Set(names).count < names.count
            })
        #expect(requests.contains { $0.queryString.split(separator: "&").count > 2 })
        #expect(requests.contains { $0.signedHeaders != ClientValidationRequest.defaultSignedHeaders })
    }

    /// URLs as twilio-python's `ValidationClient.request` receives them: `init(method:url:…)` must sign what the
    /// client signs, through requests' URL preparation and the `Host` header it adds.
    static let clientURLs = [
        "https://api.twilio.com/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Messages.json?PageSize=5&Page=0",
        "https://api.twilio.com/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json",
        "https://accounts.twilio.com/v1/Credentials/PublicKeys",
        "https://api.twilio.com",
        "https://api.twilio.com?b=2&a=1",
        "https://api.twilio.com:8443/v1/x?z=%20&a=%2B1&a=0",
        "https://messaging.twilio.com/v1/Services/%7Eabc/Phone%20Numbers?Friendly=a+b#fragment",
        "https://api.twilio.com/2010-04-01/Accounts/ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Calls.json?To=%2B1555&&From=x",
        "http://127.0.0.1:8080/local/test?x=1",
        "https://verify.twilio.com/v2/Services/VA0/Verifications/+15017250604",
    ]

    @Test(
        "init(method:url:) signs what twilio-python's ValidationClient signs", .pythonReference,
        arguments: Self.clientURLs)
    func validationClientMatches(url: String) throws {
        let authorization = "Basic " + Array("\(PKCVFixtures.apiKeySID):\(Canary.apiSecret)".utf8).base64()
        let body = url.contains("Messages") ? Array("To=%2B15558675309&Body=h%C3%A9llo".utf8) : []
        let method = body.isEmpty ? "GET" : "POST"
        let spec: JSONValue = [
            "accountSid": .string(PKCVFixtures.accountSID),
            "apiKeySid": .string(PKCVFixtures.apiKeySID),
            "credentialSid": .string(PKCVFixtures.credentialSID),
            "privateKey": .string(PKCVFixtures.pkcs1PEM),
            "issuedAt": 1_700_000_000,
            "method": .string(method),
            "url": .string(url),
            "headers": ["Authorization": .string(authorization), "X-Unsigned": "ignored"],
            "body": body.isEmpty ? .null : ["text": .string(String(decoding: body, as: UTF8.self))],
        ]
        let reference = try #require(try PKCVReference.run("client", [spec]).first)
        // requests may rewrite the URL before sending it (an empty path becomes "/", "%7E" becomes "~"); the
        // URL to describe is the one sent.
        let sentURL = try #require(reference["url"]?.stringValue)
        if Self.sentUnchanged.contains(url) {
            #expect(sentURL == url)
        }

        func token(for url: String) throws -> String {
            let request = try ClientValidationRequest(
                method: method, url: url, headers: [("Authorization", authorization), ("X-Unsigned", "ignored")],
                body: body)
            return try ClientValidationToken(request: request).jwt(
                signedWith: PKCVFixtures.key, issuedAt: 1_700_000_000)
        }
        #expect(try token(for: sentURL) == reference["token"]?.stringValue, "requests sent \(sentURL)")
        // An empty path is signed as "/", as requests sends it, so the URL as given works too.
        if Self.sentUnchanged.contains(url) || Self.emptyPath.contains(url) {
            #expect(try token(for: url) == reference["token"]?.stringValue)
        }
    }

    /// The URLs above that requests sends exactly as given.
    static let sentUnchanged: Set<String> = Set(Self.clientURLs.prefix(3)).union([
        Self.clientURLs[5], Self.clientURLs[7],
    ])
    /// The URLs above without a path, which requests sends with the path "/".
    static let emptyPath: Set<String> = [Self.clientURLs[3], Self.clientURLs[4]]

    @Test("URLs split as Python's urlsplit splits them", .pythonReference)
    func urlSplittingMatchesPython() throws {
        var random = RandomRequests(seed: 0x0_0_5EED)
        var urls = [
            "https://api.twilio.com", "https://api.twilio.com/", "https://h?x=1", "https://h#f?x", "https://h/p#f",
            "https://h/p?q#f", "https://h/p??q", "HTTPS://Api.Twilio.COM:443/A/B?C=D", "http://[::1]:8080/x?y",
            "https://h/a;b/c;d?e=f", "https://h/%7Euser/%E2%82%AC?a=%20&b", "https://h//double//slash?",
            "https://h/é/中?q=😀",
        ]
        for _ in 0..<60 {
            let host = random.random.pick(["api.twilio.com", "h", "api.twilio.com:8443", "127.0.0.1:1"])
            var url = "https://" + host + random.path()
            let query = random.queryString()
            if !query.isEmpty || random.random.bool(0.2) { url += "?" + query }
            if random.random.bool(0.2) { url += "#" + random.joined(RandomRequests.queryPieces, count: 0...3) }
            urls.append(url)
        }
        let expected = try PKCVReference.run("urls", .array(urls.map(JSONValue.string)))
        try #require(expected.count == urls.count)
        for (url, reference) in zip(urls, expected) {
            let parts = try URLParts(url)
            let pythonPath = reference["path"]!.stringValue!
            #expect(parts.path == (pythonPath.isEmpty ? "/" : pythonPath), "path of \(url)")
            #expect(parts.query == reference["query"]!.stringValue!, "query of \(url)")
            #expect(parts.authority == reference["netloc"]!.stringValue!, "authority of \(url)")
            if !url.contains(";") && !pythonPath.isEmpty {
                #expect(parts.path == reference["parsePath"]!.stringValue!, "urlparse path of \(url)")
            }
        }
    }

    @Test(
        "PyJWT verifies our RS256 and PS256 tokens with the public key", .pythonReference,
        arguments: SignatureAlgorithm.rsa)
    func pyJWTVerifiesOurTokens(algorithm: SignatureAlgorithm) throws {
        var random = RandomRequests(seed: 0x95_256)
        var tokens: [(jwt: String, request: ClientValidationRequest)] = []
        for _ in 0..<5 {
            let request = try random.request()
            let jwt = try ClientValidationToken(request: request, algorithm: algorithm).jwt(
                signedWith: PKCVFixtures.key, issuedAt: 1_700_000_000)
            tokens.append((jwt, request))
        }
        let specs = tokens.map { token -> JSONValue in
            [
                "token": .string(token.jwt), "publicKey": .string(PKCVFixtures.publicKeyPEM),
                "algorithm": .string(algorithm.name),
            ]
        }
        let results = try PKCVReference.run("verify", .array(specs))
        try #require(results.count == tokens.count)
        for (token, result) in zip(tokens, results) {
            #expect(result["valid"]?.boolValue == true, "PyJWT: \(result["error"]?.json ?? "")")
            #expect(result["header"]?["alg"]?.stringValue == algorithm.name)
            #expect(result["header"]?["cty"]?.stringValue == "twilio-pkrv;v=1")
            #expect(result["header"]?["kid"]?.stringValue == PKCVFixtures.credentialSID)
            #expect(result["payload"]?["rqh"]?.stringValue == token.request.requestHash)
            #expect(result["payload"]?["exp"]?.intValue == 1_700_000_300)
        }
        // PSS is randomised: two signatures of one token differ, and both verify.
        if algorithm == .ps256 {
            let token = ClientValidationToken(request: tokens[0].request, algorithm: .ps256)
            let first = try token.jwt(signedWith: PKCVFixtures.key, issuedAt: 1_700_000_000)
            let second = try token.jwt(signedWith: PKCVFixtures.key, issuedAt: 1_700_000_000)
            #expect(segments(first)[2] != segments(second)[2])
            #expect(segments(first)[0..<2] == segments(second)[0..<2])
        }
    }

    @Test("tokens PyJWT signs verify with ClientValidationPublicKey, for their algorithm only", .pythonReference)
    func publicKeyVerifiesPyJWTTokens() throws {
        let payload: JSONValue = ["hrh": "authorization;host", "rqh": "00", "iss": .string(PKCVFixtures.apiKeySID)]
        let specs = SignatureAlgorithm.rsa.map { algorithm -> JSONValue in
            [
                "privateKey": .string(PKCVFixtures.pkcs8PEM), "algorithm": .string(algorithm.name),
                "headers": ["cty": "twilio-pkrv;v=1", "kid": .string(PKCVFixtures.credentialSID)],
                "payload": payload,
            ]
        }
        let tokens = try PKCVReference.run("sign", .array(specs)).map { $0.stringValue ?? "" }
        let publicKey = try ClientValidationPublicKey(
            credentialSID: PKCVFixtures.credentialSID, publicKeyPEM: PKCVFixtures.publicKeyPEM)
        for (algorithm, token) in zip(SignatureAlgorithm.rsa, tokens) {
            let (input, signature) = signingInputAndSignature(token)
            for candidate in SignatureAlgorithm.rsa {
                #expect(
                    publicKey.isValidSignature(signature, for: input, algorithm: candidate) == (candidate == algorithm),
                    "\(algorithm.name) token checked as \(candidate.name)")
            }
        }
    }
}
