import Foundation
import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

@Suite("Client capability tokens")
struct ClientCapabilityTokenTests {
    static let vectors = TokenVector.load("capability-token-vectors")
    static let app = "AP" + String(repeating: "c", count: 32)
    static let credentials = try! AccountCredentials(
        accountSID: "AC" + String(repeating: "a", count: 32),
        authToken: Secret(Canary.authToken)
    )

    @Test("the vector file holds the vectors CAP-1 to CAP-12")
    func vectorFileIsComplete() {
        #expect(Self.vectors.map(\.id) == (1...12).map { "CAP-\($0)" })
    }

    @Test("reproduces twilio-python's token byte for byte", arguments: vectors)
    func reproducesVector(_ vector: TokenVector) throws {
        let jwt = try CapabilitySpec.capabilityToken(vector.input).jwt(
            signedWith: CapabilitySpec.credentials(vector.input),
            issuedAt: vector.input["issuedAt"]!.intValue!
        )
        vector.check(jwt)
    }

    @Test("300 random capability tokens are byte-identical to twilio-python's", .pythonReference)
    func differential() throws {
        var random = RandomSpecs(seed: 0xCA9A_B111)
        let specs = (0..<300).map { _ in random.capabilitySpec() }
        let expected = try PythonReference.run("capability", .array(specs)).arrayValue!
        try #require(expected.count == specs.count)
        var differences = 0
        for (spec, reference) in zip(specs, expected) {
            let ours = try CapabilitySpec.capabilityToken(spec).jwt(
                signedWith: CapabilitySpec.credentials(spec),
                issuedAt: spec["issuedAt"]!.intValue!
            )
            if ours != reference.stringValue {
                differences += 1
                if differences <= 3 {
                    Issue.record("differs for \(spec.json)\nours:   \(ours)\npython: \(reference.json)")
                }
            }
            // twilio-python's token verifies.
            let issuedAt = spec["issuedAt"]!.intValue!
            _ = try TokenVerifier(accounts: [CapabilitySpec.credentials(spec)])
                .verify(
                    reference.stringValue!, as: ClientCapabilityClaims.self,
                    at: max(issuedAt, spec["nbf"]?.intValue ?? issuedAt))
        }
        #expect(differences == 0)
    }

    @Test("G06 a client name cannot inject a scope")
    func clientNameInjection() throws {
        let token = ClientCapabilityToken(scopes: [.incoming(clientName: "bob scope:client:outgoing?appSid=APevil")])
        let scope = try token.scopeClaim()
        #expect(scope == "scope:client:incoming?clientName=bob+scope%3Aclient%3Aoutgoing%3FappSid%3DAPevil")
        #expect(scope.split(separator: " ").count == 1)
    }

    @Test("values with &, = and + survive the double encoding")
    func doubleEncoding() throws {
        let token = ClientCapabilityToken(scopes: [.outgoing(applicationSID: Self.app, params: ["a": "1&b=2+3%"])])
        let scope = try token.scopeClaim()
        #expect(scope == "scope:client:outgoing?appParams=a%3D1%2526b%253D2%252B3%2525&appSid=\(Self.app)")
        // Decoding twice gives back the value intact.
        let outer = FormEncoding.decodePairs(scope.split(separator: "?")[1][...])!
        let inner = FormEncoding.decodePairs(outer[0].1[...])!
        #expect(inner.map(\.0) == ["a"])
        #expect(inner.map(\.1) == ["1&b=2+3%"])
    }

    @Test("repeated parameter names are written as repeated keys, like urlencode(doseq=True)")
    func repeatedNames() throws {
        let params = ScopeParameters([("multi", "a"), ("multi", "b"), ("flag", "True")])
        #expect(params.description == "multi=a&multi=b&flag=True")
        #expect(params.values(for: "multi") == ["a", "b"])
    }

    @Test("allowing a kind again replaces it in place; one client name per token")
    func replaceInPlace() throws {
        var token = ClientCapabilityToken()
        token.allowIncoming(clientName: "alice")
        token.allowEventStream()
        token.allowIncoming(clientName: "bob")
        #expect(token.scopes == [.incoming(clientName: "bob"), .eventStream(filters: [:])])
        #expect(token.clientName == "bob")
    }

    @Test("an explicit outgoing client name is used without an incoming scope (twilio-ruby's OutgoingClientScope)")
    func explicitOutgoingClientName() throws {
        let token = ClientCapabilityToken(scopes: [.outgoing(applicationSID: Self.app, clientName: "john")])
        #expect(try token.scopeClaim() == "scope:client:outgoing?appSid=\(Self.app)&clientName=john")
        let same = ClientCapabilityToken(scopes: [
            .incoming(clientName: "john"), .outgoing(applicationSID: Self.app, clientName: "john"),
        ])
        #expect(try same.scopeClaim().hasSuffix("&clientName=john"))
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let name: String
        let token: ClientCapabilityToken
        let code: TokenError.Code
        let phrase: String
        var testDescription: String { self.name }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(
            name: "empty incoming client name",
            token: ClientCapabilityToken(scopes: [.incoming(clientName: "")]),
            code: .invalidArgument,
            phrase: "the incoming client name must not be empty"
        ),
        ErrorCase(
            name: "empty outgoing client name",
            token: ClientCapabilityToken(scopes: [.outgoing(applicationSID: app, clientName: "")]),
            code: .invalidArgument,
            phrase: "the outgoing client name must not be empty"
        ),
        ErrorCase(
            name: "two different client names",
            token: ClientCapabilityToken(scopes: [
                .incoming(clientName: "a"), .outgoing(applicationSID: app, clientName: "b"),
            ]),
            code: .invalidArgument,
            phrase: "differs from the incoming client name"
        ),
        ErrorCase(
            name: "malformed application SID",
            token: ClientCapabilityToken(scopes: [.outgoing(applicationSID: "APabe7650f")]),
            code: .invalidSID,
            phrase: "outgoing application SID must be 'AP' followed by 32 lower-case hex digits; got 10 characters"
        ),
        ErrorCase(
            name: "application SID is an account SID",
            token: ClientCapabilityToken(scopes: [.outgoing(applicationSID: "AC" + String(repeating: "a", count: 32))]),
            code: .invalidSID,
            phrase: "this looks like an account SID"
        ),
        ErrorCase(
            name: "ttl beyond 24 hours",
            token: ClientCapabilityToken(expiration: .ttl(86_401)),
            code: .invalidTTL,
            phrase: "ttl must be between 1 and 86400 seconds"
        ),
    ]

    @Test("bad input gets a specific error without secrets", arguments: errorCases)
    func errors(_ testCase: ErrorCase) {
        do {
            _ = try testCase.token.jwt(signedWith: Self.credentials, issuedAt: 1_700_000_000)
            Issue.record("expected \(testCase.code)")
        } catch {
            #expect(error.code == testCase.code)
            #expect(error.message.contains(testCase.phrase), "message was: \(error.message)")
            for rendering in Canary.renderings(of: error) {
                #expect(Canary.leaks(in: rendering).isEmpty)
            }
        }
    }

    @Test("account credentials: bad SID, empty auth token, environment; no error shows the auth token")
    func credentialErrors() {
        let account = "AC" + String(repeating: "a", count: 32)
        let sidRule = "account SID must be 'AC' followed by 32 lower-case hex digits; got"
        // Each case hands the canary auth token (or a piece of it) to the failing call wherever it can, as
        // AccessTokenErrorTests does with the API secret: the message, description and reflection must not show it.
        let cases: [(name: String, error: TokenError, make: () throws(TokenError) -> Void)] = [
            (
                "empty auth token", TokenError(.weakSecret, "the secret is empty"),
                { () throws(TokenError) in _ = try AccountCredentials(accountSID: account, authToken: Secret("")) }
            ),
            (
                "truncated auth token",
                TokenError(
                    .weakSecret,
                    "the secret is 31 bytes long; Twilio secrets are 32 characters and HS256 needs at least 32 bytes "
                        + "(use Secret(insecureShortSecret:) only to interoperate with an existing short key)"
                ),
                { () throws(TokenError) in
                    _ = try AccountCredentials(
                        accountSID: account, authToken: Secret(String(Canary.authToken.prefix(31))))
                }
            ),
            (
                "API key SID as the account SID",
                TokenError(
                    .invalidSID,
                    "\(sidRule) 34 characters starting 'SK' (this looks like an API key SID, not an account SID)"),
                { () throws(TokenError) in
                    _ = try AccountCredentials(
                        accountSID: "SK" + String(repeating: "b", count: 32), authToken: Secret(Canary.authToken))
                }
            ),
            (
                "auth token as the account SID (arguments swapped)",
                TokenError(.invalidSID, "\(sidRule) 33 characters that do not start with a Twilio SID prefix"),
                { () throws(TokenError) in
                    _ = try AccountCredentials(accountSID: Canary.authToken, authToken: Secret(Canary.authToken))
                }
            ),
            (
                "no environment",
                TokenError(
                    .missingCredential,
                    "the environment variable TWILIO_ACCOUNT_SID (the account SID) is not set (nor ACCOUNT_SID)"),
                { () throws(TokenError) in _ = try AccountCredentials(environment: [:]) }
            ),
            (
                "environment without the account SID",
                TokenError(
                    .missingCredential,
                    "the environment variable TWILIO_ACCOUNT_SID (the account SID) is not set (nor ACCOUNT_SID)"),
                { () throws(TokenError) in
                    _ = try AccountCredentials(environment: ["TWILIO_AUTH_TOKEN": Canary.authToken])
                }
            ),
            (
                "environment with an empty auth token",
                TokenError(
                    .missingCredential,
                    "the environment variable TWILIO_AUTH_TOKEN (the account's auth token) is not set (nor AUTH_TOKEN)"),
                { () throws(TokenError) in
                    _ = try AccountCredentials(environment: ["TWILIO_ACCOUNT_SID": account, "TWILIO_AUTH_TOKEN": ""])
                }
            ),
            (
                "environment with the auth token in both variables",
                TokenError(.invalidSID, "\(sidRule) 33 characters that do not start with a Twilio SID prefix"),
                { () throws(TokenError) in
                    _ = try AccountCredentials(environment: [
                        "TWILIO_ACCOUNT_SID": Canary.authToken, "TWILIO_AUTH_TOKEN": Canary.authToken,
                    ])
                }
            ),
        ]
        for testCase in cases {
            do {
                try testCase.make()
                Issue.record("\(testCase.name): expected \(testCase.error)")
            } catch {
                #expect(error == testCase.error, "\(testCase.name)")
                for rendering in Canary.renderings(of: error) + [error.message] {
                    #expect(Canary.leaks(in: rendering).isEmpty, "\(testCase.name): secret material in: \(rendering)")
                }
            }
        }
        let loaded = try? AccountCredentials(environment: [
            "TWILIO_ACCOUNT_SID": account, "TWILIO_AUTH_TOKEN": Canary.authToken,
        ])
        #expect(loaded?.accountSID == account)
        for rendering in Canary.renderings(of: loaded as Any) {
            #expect(Canary.leaks(in: rendering).isEmpty)
        }
    }

    /// twilio-python 9.13's `ClientCapabilityToken.__init__` takes `valid_until` but hands `valid_until=None` to
    /// `Jwt.__init__` (`twilio/jwt/client/__init__.py`), so its `exp` stays issue time + `ttl` whatever `valid_until`
    /// says. That is a bug in twilio-python, which this library deliberately does not copy: `.at(t)` gives `exp` `t`
    /// (see CapabilityTokens.md). `twilio_reference.py capability` never passes `validUntil` on
    /// (`lifetime_kwargs(spec, False)`), so this test calls twilio-python with the keyword itself, through the same
    /// `Subprocess` helper `PythonReference` uses, and also compares with `twilio_reference.py capability`.
    @Test(
        "an absolute expiry is honoured; twilio-python 9.13 ignores valid_until, so its claims differ only in exp",
        .pythonReference)
    func absoluteExpiry() throws {
        let (issuedAt, validUntil) = (1_700_000_000, 1_700_000_600)
        let ours = try ClientCapabilityToken(scopes: [.incoming(clientName: "alice")], expiration: .at(validUntil))
            .jwt(signedWith: Self.credentials, issuedAt: issuedAt)
        let spec: JSONValue = [
            "accountSid": .string(Self.credentials.accountSID), "authToken": .string(Canary.authToken),
            "issuedAt": .int(issuedAt), "validUntil": .int(validUntil), "clientName": "alice",
        ]
        let run = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", "-c", Self.validUntilScript, PythonReference.script.deletingLastPathComponent().path],
            stdin: Data(spec.json.utf8)
        )
        try #require(run.status == 0, "\(String(decoding: run.stderr, as: UTF8.self))")
        let python = try #require(
            try JSONValue(parsing: String(decoding: run.stdout, as: UTF8.self), maximumDepth: 4).stringValue)

        let ourPayload = try UnverifiedToken(decoding: ours).payload
        let pythonPayload = try UnverifiedToken(decoding: python).payload
        #expect(ourPayload["exp"] == .int(validUntil))
        #expect(pythonPayload["exp"] == .int(issuedAt + 3600))
        #expect(ourPayload.keys == ["scope", "iss", "exp", "nbf"])
        #expect(pythonPayload.keys == ourPayload.keys)
        for name in ["scope", "iss", "nbf"] {
            #expect(pythonPayload[name] == ourPayload[name], "\(name)")
        }
        #expect(try UnverifiedToken(decoding: python).header == UnverifiedToken(decoding: ours).header)
        // twilio-python's token is exactly its one-hour default: ours with .ttl(3600), and what
        // `twilio_reference.py capability` mints for the same spec (it drops validUntil).
        let oneHour = try ClientCapabilityToken(scopes: [.incoming(clientName: "alice")])
            .jwt(signedWith: Self.credentials, issuedAt: issuedAt)
        #expect(python == oneHour)
        let reference = try PythonReference.run(
            "capability",
            [
                [
                    "accountSid": .string(Self.credentials.accountSID), "authToken": .string(Canary.authToken),
                    "issuedAt": .int(issuedAt), "validUntil": .int(validUntil),
                    "ops": [["op": "incoming", "clientName": "alice"]],
                ]
            ])
        #expect(reference.arrayValue?.first?.stringValue == python)
    }

    /// Mints with twilio-python 9.13's `ClientCapabilityToken(account_sid, auth_token, valid_until=…)`; reads the spec
    /// from standard input and takes the folder of `twilio_reference.py` (for its version check) as its argument.
    static let validUntilScript = """
        import json, sys
        from unittest import mock
        sys.path.insert(0, sys.argv[1])
        import twilio_reference
        twilio_reference.require_reference()
        from twilio.jwt.client import ClientCapabilityToken
        spec = json.load(sys.stdin)
        token = ClientCapabilityToken(spec["accountSid"], spec["authToken"], valid_until=spec["validUntil"])
        token.allow_client_incoming(spec["clientName"])
        with mock.patch("time.time", return_value=float(spec["issuedAt"])):
            json.dump(token.to_jwt(), sys.stdout)
        """

    @Test("diagnostics report client names Twilio does not allow")
    func diagnostics() {
        #expect(ClientCapabilityToken(scopes: [.incoming(clientName: "alice_01")]).diagnostics().isEmpty)
        let findings = ClientCapabilityToken(scopes: [.incoming(clientName: "alice smith")]).diagnostics()
        #expect(findings.map(\.field) == ["scope.incoming.clientName"])
        #expect(findings.first?.description.contains("U+0020") == true)
        #expect(ClientCapabilityToken().diagnostics().map(\.severity) == [.note])
    }
}
