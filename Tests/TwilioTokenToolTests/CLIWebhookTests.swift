import Foundation
import Testing
import TwilioJWT
import TwilioJWTTestSupport

/// `twilio-token webhook sign`, `validate` and `send`, end to end.
///
/// The request is twilio-python's known-answer request (tests/unit/test_request_validator.py: the URL below and a
/// Voice call's parameters), signed with a 32-character auth token rather than its `12345`: the tool refuses auth
/// tokens shorter than 32 bytes, as every other command does. Each signature in the tables was computed with
/// twilio-python 9.13.0's `RequestValidator.compute_signature`, and `signaturesMatchTwilioPython` recomputes them.
@Suite("twilio-token webhook end to end")
struct CLIWebhookTests {
    static let authToken = "0123456789abcdef0123456789abcdef"
    static let otherAuthToken = "fedcba9876543210fedcba9876543210"
    static let sharedKey = "webhooks-shared-key-secret"
    static let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let call = [
        ["CallSid", "CA1234567890ABCDE"], ["Caller", "+14158675309"], ["Digits", "1234"], ["From", "+14158675309"],
        ["To", "+18005551212"],
    ]
    static let callParams = call.flatMap { ["--param", $0[0] + "=" + $0[1]] }
    static let callForm =
        "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309"
        + "&To=%2B18005551212"
    static let callSignature = "OU1WNrv5EWwq8SZHNvRqJi4IiXk="
    static let jsonBody = #"{"property": "value", "boolean": true}"#
    static let jsonURL = url + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"

    static let sharedKeyFile = try! CLI.file(sharedKey + "\n", name: "shared.key")
    static let authTokenFile = try! CLI.file(authToken + "\n", name: "auth.token")
    static let jsonFile = try! CLI.file(jsonBody, name: "event.json")
    static let formFile = try! CLI.file(callForm, name: "call.form")
    static let badFormFile = try! CLI.file("Digits=12%3", name: "bad.form")

    static let auth = ["--auth-token", authToken]
    static let shared = ["--shared-key-file", sharedKeyFile.path]

    // MARK: sign

    struct SignVector: Sendable, CustomTestStringConvertible {
        let name: String
        /// After `webhook sign`.
        let arguments: [String]
        /// What twilio-python signs: the URL, the parameters as [name, value] pairs, the secret and the algorithm.
        let signedURL: String
        let params: [[String]]
        let secret: String
        let algorithm: String
        /// The whole standard output.
        let output: String
        var testDescription: String { self.name }
    }

    static let signVectors: [SignVector] = [
        SignVector(
            name: "the URL as given", arguments: ["--url", url] + callParams + auth, signedURL: url, params: call,
            secret: authToken, algorithm: "HMAC_SHA1", output: callSignature + "\n"),
        SignVector(
            name: "https with :443",
            arguments: ["--url", "https://mycompany.com:443/myapp.php?foo=1&bar=2"] + callParams + auth,
            signedURL: "https://mycompany.com:443/myapp.php?foo=1&bar=2", params: call, secret: authToken,
            algorithm: "HMAC_SHA1", output: "Bh/Sr8ETmz9PU8I4DGp7CnWCkcw=\n"),
        SignVector(
            name: "http with :80",
            arguments: ["--url", "http://mycompany.com:80/myapp.php?foo=1&bar=2"] + callParams + auth,
            signedURL: "http://mycompany.com:80/myapp.php?foo=1&bar=2", params: call, secret: authToken,
            algorithm: "HMAC_SHA1", output: "6+mzU5ycn8B3uGkeZnmcSLDp6Gg=\n"),
        SignVector(
            name: "http with :1234",
            arguments: ["--url", "http://mycompany.com:1234/myapp.php?foo=1&bar=2"] + callParams + auth,
            signedURL: "http://mycompany.com:1234/myapp.php?foo=1&bar=2", params: call, secret: authToken,
            algorithm: "HMAC_SHA1", output: "0sN6BVLw2vTy5eKUNqVo7FzGs/U=\n"),
        SignVector(
            name: "repeated Digits, sorted and de-duplicated",
            arguments: [
                "--url", url, "--param", "Sid=CA123", "--param", "SidAccount=AC123", "--param", "Digits=5678",
                "--param", "Digits=1234", "--param", "Digits=1234",
            ] + auth,
            signedURL: url,
            params: [
                ["Sid", "CA123"], ["SidAccount", "AC123"], ["Digits", "5678"], ["Digits", "1234"], ["Digits", "1234"],
            ],
            secret: authToken, algorithm: "HMAC_SHA1", output: "Vybuhk2LyeMPWW5u+xuepZqEE88=\n"),
        SignVector(
            name: "no parameters", arguments: ["--url", url] + auth, signedURL: url, params: [], secret: authToken,
            algorithm: "HMAC_SHA1", output: "wIzCUpy3SdhCPg4w+iqU2+mZ/ck=\n"),
        SignVector(
            name: "--param splits at the first '='", arguments: ["--url", url, "--param", "Body=a=b c"] + auth,
            signedURL: url, params: [["Body", "a=b c"]], secret: authToken, algorithm: "HMAC_SHA1",
            output: "NgA9+MYt2SYD4lmf6VdQzPwkzAQ=\n"),
        SignVector(
            name: "--param splits at an '=' that a combining mark follows",
            arguments: ["--url", url, "--param", "Body=\u{301}b"] + auth, signedURL: url,
            params: [["Body", "\u{301}b"]],
            secret: authToken, algorithm: "HMAC_SHA1", output: "ilty4v7ca2xyAqbRbILy6VFXMzc=\n"),
        SignVector(
            name: "a form body file is signed by its decoded parameters",
            arguments: [
                "--url", url, "--body-file", formFile.path, "--content-type", "application/x-www-form-urlencoded",
            ] + auth,
            signedURL: url, params: call, secret: authToken, algorithm: "HMAC_SHA1", output: callSignature + "\n"),
        SignVector(
            name: "the form media type in any case, with parameters",
            arguments: [
                "--url", url, "--body-file", formFile.path, "--content-type",
                "Application/X-WWW-Form-Urlencoded; charset=utf-8",
            ] + auth,
            signedURL: url, params: call, secret: authToken, algorithm: "HMAC_SHA1", output: callSignature + "\n"),
        SignVector(
            name: "a JSON body: the bodySHA256 URL, then the signature",
            arguments: ["--url", url, "--body-file", jsonFile.path, "--content-type", "application/json"] + auth,
            signedURL: jsonURL, params: [], secret: authToken, algorithm: "HMAC_SHA1",
            output: jsonURL + "\nL1DbcFKu9oaB5omInWkN60Ldhhw=\n"),
        SignVector(
            name: "a SharedKey signs HMAC_SHA256", arguments: ["--url", url] + callParams + shared, signedURL: url,
            params: call, secret: sharedKey, algorithm: "HMAC_SHA256",
            output: "xTb0AtqpGPxZQ9mSN3C55TY1iDdkcLiBuvI1uANujoo=\n"),
        SignVector(
            name: "--algorithm named, in any case",
            arguments: ["--url", url, "--algorithm", "hmac_sha256"] + callParams + shared,
            signedURL: url, params: call, secret: sharedKey, algorithm: "HMAC_SHA256",
            output: "xTb0AtqpGPxZQ9mSN3C55TY1iDdkcLiBuvI1uANujoo=\n"),
        SignVector(
            name: "a JSON body with a SharedKey",
            arguments: ["--url", url, "--body-file", jsonFile.path, "--content-type", "application/json"] + shared,
            signedURL: jsonURL, params: [], secret: sharedKey, algorithm: "HMAC_SHA256",
            output: jsonURL + "\n5AnSB84zoJus1ANlQa2xMpFlgqZbXEBpZ0kMnfU5NUk=\n"),
    ]

    @Test("sign prints the signature (after the bodySHA256 URL for a raw body)", arguments: signVectors)
    func sign(_ vector: SignVector) throws {
        let result = try CLI.run(["webhook", "sign"] + vector.arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == vector.output)
        #expect(result.stderr.isEmpty)
    }

    /// twilio-python 9.13.0's `RequestValidator`, given the parameters as a multidict (repeats kept) as Flask gives
    /// them.
    static let referenceScript = """
        import json, sys
        from twilio.request_validator import RequestValidator
        class MultiDict:
            def __init__(self, pairs): self.pairs = pairs
            def __iter__(self): return iter(dict.fromkeys(name for name, _ in self.pairs))
            def __len__(self): return len(self.pairs)
            def getall(self, name): return [value for key, value in self.pairs if key == name]
        print(json.dumps([RequestValidator(r["secret"]).compute_signature(r["url"], MultiDict(r["params"]),
                                                                           r["algorithm"]) for r in json.load(sys.stdin)]))
        """

    @Test("the table's signatures are twilio-python's", .pythonReference)
    func signaturesMatchTwilioPython() throws {
        let requests = Self.signVectors.map {
            ["url": $0.signedURL, "params": $0.params, "secret": $0.secret, "algorithm": $0.algorithm] as [String: Any]
        }
        let result = try Subprocess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", Self.referenceScript],
            stdin: try JSONSerialization.data(withJSONObject: requests))
        #expect(result.status == 0, "\(String(decoding: result.stderr, as: UTF8.self))")
        let signatures = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String])
        for (vector, signature) in zip(Self.signVectors, signatures) {
            let lines = vector.output.split(separator: "\n").map(String.init)
            #expect(lines.last == signature, "\(vector.name)")
            if lines.count == 2 { #expect(lines[0] == vector.signedURL, "\(vector.name)") }
        }
        #expect(signatures.count == Self.signVectors.count)
    }

    @Test("sign reads the auth token as the other commands do: file, stdin, --env-file, the environment")
    func signCredentialSources() throws {
        let base = ["webhook", "sign", "--url", Self.url] + Self.callParams
        let expected = Self.callSignature + "\n"
        #expect(try CLI.run(base + ["--auth-token-file", Self.authTokenFile.path]).stdout == expected)
        #expect(try CLI.run(base + ["--auth-token-file", "-"], stdin: Self.authToken + "\n").stdout == expected)
        #expect(try CLI.run(base, environment: ["TWILIO_AUTH_TOKEN": Self.authToken]).stdout == expected)
        let envFile = try CLI.file("AUTH_TOKEN=\(Self.authToken)\n", name: ".env")
        #expect(try CLI.run(base + ["--env-file", envFile.path]).stdout == expected)
        // A flag beats the environment.
        let flag = try CLI.run(base + Self.auth, environment: ["TWILIO_AUTH_TOKEN": Self.otherAuthToken])
        #expect(flag.stdout == expected)
        // The body from standard input.
        let stdin = try CLI.run(
            ["webhook", "sign", "--url", Self.url, "--body-file", "-", "--content-type", "application/json"]
                + Self.auth,
            stdin: Self.jsonBody)
        #expect(stdin.stdout == Self.jsonURL + "\nL1DbcFKu9oaB5omInWkN60Ldhhw=\n")
    }

    // MARK: validate

    struct Outcome: Sendable, CustomTestStringConvertible {
        let name: String
        /// After `webhook validate`.
        let arguments: [String]
        let status: Int32
        let stdout: String
        let stderr: String
        /// The environment the tool runs with (and PATH).
        var environment: [String: String] = [:]
        var testDescription: String { self.name }
    }

    static let mismatch =
        "the X-Twilio-Signature does not match the HMAC_SHA1 signature of the secret for the URL with or without its "
        + "port; check that the URL is the one Twilio requested (scheme, host and port behind a proxy) and that every "
        + "parameter is passed"

    static let validations: [Outcome] = [
        Outcome(
            name: "valid", arguments: ["--url", url, "--signature", callSignature] + callParams + auth, status: 0,
            stdout: "valid HMAC_SHA1 signature, signed with the auth token\n", stderr: ""),
        Outcome(
            name: "valid for the URL Twilio signed with :443",
            arguments: ["--url", url, "--signature", "Bh/Sr8ETmz9PU8I4DGp7CnWCkcw="] + callParams + auth, status: 0,
            stdout: "valid HMAC_SHA1 signature, signed with the auth token\n", stderr: ""),
        Outcome(
            name: "valid from a form body file",
            arguments: [
                "--url", url, "--signature", callSignature, "--body-file", formFile.path, "--content-type",
                "application/x-www-form-urlencoded",
            ] + auth, status: 0, stdout: "valid HMAC_SHA1 signature, signed with the auth token\n", stderr: ""),
        Outcome(
            name: "rotation: the second auth token matched",
            arguments: ["--url", url, "--signature", callSignature] + callParams + [
                "--auth-token", otherAuthToken, "--auth-token", authToken,
            ], status: 0, stdout: "valid HMAC_SHA1 signature, signed with auth token 2 of 2\n", stderr: ""),
        Outcome(
            name: "a JSON body through its bodySHA256",
            arguments: [
                "--url", jsonURL, "--signature", "L1DbcFKu9oaB5omInWkN60Ldhhw=", "--body-file", jsonFile.path,
                "--content-type", "application/json",
            ] + auth, status: 0, stdout: "valid HMAC_SHA1 signature, signed with the auth token\n", stderr: ""),
        Outcome(
            name: "a SharedKey",
            arguments: ["--url", url, "--signature", "xTb0AtqpGPxZQ9mSN3C55TY1iDdkcLiBuvI1uANujoo="] + callParams
                + shared,
            status: 0, stdout: "valid HMAC_SHA256 signature, signed with the SharedKey\n", stderr: ""),
        Outcome(
            name: "a parameter missing: invalid, with both URLs tried",
            arguments: ["--url", url, "--signature", callSignature] + callParams.dropLast(2) + auth, status: 1,
            stdout: "",
            stderr: "twilio-token: error: invalid: signatureMismatch: \(mismatch)\n"
                + "  URL tried: https://mycompany.com/myapp.php?foo=1&bar=2\n"
                + "  URL tried: https://mycompany.com:443/myapp.php?foo=1&bar=2\n"),
        Outcome(
            name: "another port: the URL without it and with it are tried",
            arguments: ["--url", "http://mycompany.com:8080/myapp.php", "--signature", callSignature] + callParams
                + auth,
            status: 1, stdout: "",
            stderr: "twilio-token: error: invalid: signatureMismatch: \(mismatch)\n"
                + "  URL tried: http://mycompany.com/myapp.php\n"
                + "  URL tried: http://mycompany.com:8080/myapp.php\n"),
        Outcome(
            name: "two wrong auth tokens",
            arguments: ["--url", url, "--signature", callSignature] + callParams + [
                "--auth-token", otherAuthToken, "--auth-token", String(authToken.reversed()),
            ], status: 1, stdout: "",
            stderr: "twilio-token: error: invalid: signatureMismatch: "
                + mismatch.replacingOccurrences(of: "of the secret", with: "of any of the 2 secrets") + "\n"
                + "  URL tried: https://mycompany.com/myapp.php?foo=1&bar=2\n"
                + "  URL tried: https://mycompany.com:443/myapp.php?foo=1&bar=2\n"),
        Outcome(
            name: "a malformed signature", arguments: ["--url", url, "--signature", "abc"] + auth, status: 1,
            stdout: "",
            stderr: "twilio-token: error: invalid: malformedSignature: the X-Twilio-Signature header is not a base64 "
                + "HMAC_SHA1 signature (28 characters); it is 3 characters long\n"),
        Outcome(
            name: "an HMAC_SHA1 signature checked as HMAC_SHA256",
            arguments: ["--url", url, "--signature", callSignature] + callParams + shared, status: 1, stdout: "",
            stderr: "twilio-token: error: invalid: malformedSignature: the X-Twilio-Signature header is not a base64 "
                + "HMAC_SHA256 signature (44 characters); it is 28 characters long\n"),
        Outcome(
            name: "a JSON body whose URL has no bodySHA256",
            arguments: [
                "--url", url, "--signature", "L1DbcFKu9oaB5omInWkN60Ldhhw=", "--body-file", jsonFile.path,
                "--content-type", "application/json",
            ] + auth, status: 1, stdout: "",
            stderr: "twilio-token: error: invalid: missingBodyHash: the request has a non-form body and its URL has "
                + "no bodySHA256, so nothing covers the body\n"),
        Outcome(
            name: "a JSON body altered after signing",
            arguments: [
                "--url", jsonURL, "--signature", "L1DbcFKu9oaB5omInWkN60Ldhhw=", "--body-file", formFile.path,
                "--content-type", "application/json",
            ] + auth, status: 1, stdout: "",
            stderr: "twilio-token: error: invalid: bodyHashMismatch: the body's SHA-256 is not the bodySHA256 the "
                + "signed URL carries: the body was altered\n"),
    ]

    @Test(
        "validate: exit 0 valid (and which secret), 1 invalid with the reason and the URLs tried",
        arguments: validations)
    func validate(_ outcome: Outcome) throws {
        let result = try CLI.run(["webhook", "validate"] + outcome.arguments)
        #expect(result.status == outcome.status)
        #expect(result.stdout == outcome.stdout)
        #expect(result.stderr == outcome.stderr)
    }

    // MARK: Usage errors

    static let usageErrors: [Outcome] = [
        usage(
            "no key", ["sign", "--url", url],
            "the auth token is missing: pass --auth-token, --auth-token-file or --shared-key-file, or set TWILIO_AUTH_TOKEN"
        ),
        usage(
            "--param without '='", ["sign", "--url", url, "--param", "Digits"] + auth,
            "--param must be NAME=VALUE; got 'Digits'"),
        usage(
            "a URL that is not absolute", ["sign", "--url", "mycompany.com/voice"] + auth,
            "--url: the webhook URL cannot be checked: it is not an absolute URL (scheme://host/path)"),
        usage(
            "an ftp URL", ["validate", "--url", "ftp://mycompany.com/x", "--signature", callSignature] + auth,
            "--url: the webhook URL cannot be checked: its scheme is not http or https"),
        usage(
            "a URL with credentials", ["sign", "--url", "https://user:pw@mycompany.com/x"] + auth,
            "--url: the webhook URL cannot be checked: it contains a user name or password; Twilio removes "
                + "credentials before signing, so pass the URL without them"),
        usage(
            "a URL with a space", ["send", "http://127.0.0.1:1/a b"] + auth,
            "<url>: the webhook URL cannot be checked: it contains a space or a control character at character 20; "
                + "percent-encode it"),
        usage(
            "--param with --body-file",
            [
                "sign", "--url", url, "--param", "a=b", "--body-file", jsonFile.path,
                "--content-type", "application/json",
            ] + auth,
            "give the parameters either with --param or in --body-file, not both (a form body file holds them)"),
        usage(
            "--body-file without --content-type", ["sign", "--url", url, "--body-file", jsonFile.path] + auth,
            "--body-file needs --content-type: a form body is signed by its parameters, any other by its hash"),
        usage(
            "--content-type without --body-file", ["sign", "--url", url, "--content-type", "application/json"] + auth,
            "--content-type needs --body-file (--param bodies are forms)"),
        usage(
            "a form body that does not decode",
            [
                "validate", "--url", url, "--signature", callSignature,
                "--body-file", badFormFile.path, "--content-type", "application/x-www-form-urlencoded",
            ] + auth,
            "--body-file: the form body has a '%' not followed by two hexadecimal digits at byte 9"),
        usage(
            "HMAC_SHA256 with the auth token", ["sign", "--url", url, "--algorithm", "HMAC_SHA256"] + auth,
            "--algorithm HMAC_SHA256 signs with a webhook SharedKey: pass --shared-key-file (an auth token signs "
                + "HMAC_SHA1)"),
        usage(
            "HMAC_SHA256 with the auth token of the environment", ["sign", "--url", url, "--algorithm", "HMAC_SHA256"],
            "--algorithm HMAC_SHA256 signs with a webhook SharedKey: pass --shared-key-file (an auth token signs "
                + "HMAC_SHA1)", environment: ["TWILIO_AUTH_TOKEN": authToken]),
        usage(
            "HMAC_SHA1 with a SharedKey",
            [
                "validate", "--url", url, "--signature", callSignature, "--algorithm",
                "HMAC_SHA1",
            ] + shared,
            "--algorithm HMAC_SHA1 signs with the auth token, not a SharedKey (a SharedKey signs HMAC_SHA256)"),
        usage(
            "an unknown algorithm", ["sign", "--url", url, "--algorithm", "HMAC_SHA512"] + auth,
            "--algorithm must be HMAC_SHA1 or HMAC_SHA256; got 'HMAC_SHA512'"),
        usage(
            "an auth token and a SharedKey", ["sign", "--url", url] + auth + shared,
            "give either an auth token (--auth-token, --auth-token-file) or a SharedKey (--shared-key-file), not "
                + "both: an auth token signs HMAC_SHA1, a SharedKey HMAC_SHA256"),
        usage(
            "--auth-token and --auth-token-file",
            [
                "validate", "--url", url, "--signature", callSignature,
                "--auth-token-file", authTokenFile.path,
            ] + auth,
            "give either --auth-token or --auth-token-file, not both"),
        usage(
            "a short auth token", ["sign", "--url", url, "--auth-token", "12345"],
            "--auth-token: the secret is 5 bytes long; Twilio secrets are 32 characters and HS256 needs at least 32 "
                + "bytes (use Secret(insecureShortSecret:) only to interoperate with an existing short key)"),
        usage(
            "no --signature", ["validate", "--url", url] + auth,
            "Missing expected argument '--signature <signature>'"),
        usage(
            "stdin read twice",
            [
                "sign", "--url", url, "--body-file", "-", "--content-type", "application/json",
                "--auth-token-file", "-",
            ],
            "standard input can feed only one input, but --auth-token-file - and --body-file - both read it; give the "
                + "others as files or arguments"),
        usage(
            "send: a SharedKey without its id", ["send", "http://127.0.0.1:1/x"] + shared,
            "--shared-key-file needs --shared-key-id: X-Twilio-Webhooks-Signature-Settings names the SharedKey "
                + "(key=<id>)"),
        usage(
            "send: --shared-key-id with the auth token",
            ["send", "http://127.0.0.1:1/x", "--shared-key-id", "HK1"]
                + auth, "--shared-key-id names the SharedKey of --shared-key-file; an auth token signs without one"),
        usage(
            "send: a SharedKey id the header cannot carry",
            [
                "send", "http://127.0.0.1:1/x", "--shared-key-id",
                "a,b",
            ] + shared,
            "--shared-key-id: a SharedKey id must be non-empty, with no comma, '=' or whitespace"),
        usage(
            "send: --header without ':'", ["send", "http://127.0.0.1:1/x", "--header", "X-Test"] + auth,
            "--header must be NAME:VALUE; got 'X-Test'"),
        usage(
            "send: --header with a line break",
            ["send", "http://127.0.0.1:1/x", "--header", "X-Test: a\r\nHost: b"]
                + auth, "--header: a value has a control character or a line break, which HTTP does not allow"),
        usage(
            "send: --header X-Twilio-Signature",
            [
                "send", "http://127.0.0.1:1/x", "--header",
                "x-twilio-signature: x",
            ] + auth,
            "--header cannot set x-twilio-signature: the tool signs the request and sets it"),
        usage(
            "send: --header Content-Type",
            ["send", "http://127.0.0.1:1/x", "--header", "Content-Type: text/xml"]
                + auth, "--header cannot set Content-Type: give it with --content-type and --body-file"),
        usage(
            "send: --header Host", ["send", "http://127.0.0.1:1/x", "--header", "Host: example.com"] + auth,
            "--header cannot set Host: it follows from the URL and the body"),
        usage(
            "send: --timeout 0", ["send", "http://127.0.0.1:1/x", "--timeout", "0"] + auth,
            "--timeout must be between 1 and 3600 seconds; got 0"),
        usage(
            "send: --timeout not a number", ["send", "http://127.0.0.1:1/x", "--timeout", "1.5"] + auth,
            "--timeout must be a whole number; got '1.5'"),
        usage(
            "send: a fragment", ["send", "http://127.0.0.1:1/x#part"] + auth,
            "the URL has a fragment ('#…'), which is never sent to the server: the signature could not be checked"),
        usage(
            "send: a '..' segment", ["send", "http://127.0.0.1:1/a/../x"] + auth,
            "the URL's path has a '.' or '..' segment, which would be resolved before sending: the request would not "
                + "go to the URL signed"),
        usage(
            "send: a character Foundation would encode", ["send", "http://127.0.0.1:1/a|b"] + auth,
            "the URL has characters that must be percent-encoded (such as '\"', '<', '>', '\\', '^', '`', '{', '|', "
                + "'}' or non-ASCII): encode them, so that the URL requested is the URL signed"),
    ]

    static func usage(
        _ name: String, _ arguments: [String], _ message: String, environment: [String: String] = [:]
    ) -> Outcome {
        Outcome(
            name: name, arguments: ["webhook"] + arguments, status: 64, stdout: "",
            stderr: "twilio-token: error: \(message)\n", environment: environment)
    }

    @Test("usage errors: one line naming the flag and the rule, exit 64", arguments: usageErrors)
    func usageError(_ outcome: Outcome) throws {
        let result = try CLI.run(outcome.arguments, stdin: Self.jsonBody, environment: outcome.environment)
        #expect(result.status == outcome.status)
        #expect(result.stdout == outcome.stdout)
        #expect(result.stderr == outcome.stderr)
    }

    // MARK: send

    /// The signature `webhook sign` prints for `url` and the arguments (already checked against the known answers).
    static func signature(_ url: String, _ arguments: [String]) throws -> String {
        let result = try CLI.run(["webhook", "sign", "--url", url] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return String(result.stdout.split(separator: "\n").last ?? "")
    }

    @Test("send posts the form Twilio would, signed; prints the status and the TwiML; the request validates")
    func sendForm() throws {
        let server = try WebhookTestServer(.ok)
        let url = server.baseURL + "/voice?tenant=a%20b"
        let result = try CLI.run(["webhook", "send", url] + Self.callParams + Self.auth + ["--header", "X-Test: 1"])
        let requests = try server.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == "200\n" + #"<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello</Say></Response>"#
                + "\n")
        #expect(result.stderr.isEmpty)
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/voice?tenant=a%20b")
        #expect(String(decoding: request.body, as: UTF8.self) == Self.callForm)
        #expect(request.values("Content-Type") == ["application/x-www-form-urlencoded"])
        #expect(request.values("X-Twilio-Signature") == [try Self.signature(url, Self.callParams + Self.auth)])
        #expect(request.values("X-Twilio-Webhooks-Signature-Settings").isEmpty)
        #expect(request.values("X-Test") == ["1"])
        #expect(request.values("User-Agent") == ["twilio-token/0.1.0"])

        // What the server received validates, as the library would check it.
        let body = try CLI.file(String(decoding: request.body, as: UTF8.self), name: "received.form")
        let validated = try CLI.run(
            [
                "webhook", "validate", "--url", server.baseURL + request.target, "--signature",
                request.values("X-Twilio-Signature")[0], "--body-file", body.path, "--content-type",
                request.values("Content-Type")[0],
            ] + Self.auth)
        #expect(validated.stdout == "valid HMAC_SHA1 signature, signed with the auth token\n", "\(validated.stderr)")
    }

    @Test("send posts a JSON body to the bodySHA256 URL with a SharedKey and the signature settings header")
    func sendJSONWithSharedKey() throws {
        let server = try WebhookTestServer(.ok)
        let result = try CLI.run(
            [
                "webhook", "send", server.baseURL + "/events", "--body-file", Self.jsonFile.path, "--content-type",
                "application/json", "--shared-key-id", "HK0123",
            ] + Self.shared)
        let requests = try server.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("200\n<?xml"))
        let request = try #require(requests.first)
        #expect(requests.count == 1)
        let hash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        #expect(request.target == "/events?bodySHA256=" + hash)
        #expect(request.body == Array(Self.jsonBody.utf8))
        #expect(request.values("Content-Type") == ["application/json"])
        #expect(request.values("X-Twilio-Webhooks-Signature-Settings") == ["key=HK0123,algorithm=HMAC_SHA256"])
        let signed = try CLI.run(
            [
                "webhook", "sign", "--url", server.baseURL + "/events", "--body-file", Self.jsonFile.path,
                "--content-type", "application/json",
            ] + Self.shared)
        #expect(
            signed.stdout == server.baseURL + request.target + "\n" + request.values("X-Twilio-Signature")[0] + "\n")
    }

    struct Answer: Sendable, CustomTestStringConvertible {
        let mode: String
        let stdout: String
        let stderrWithoutPort: String
        var testDescription: String { self.mode }
    }

    @Test(
        "send: a 403 or a 302 is printed as is and exits 1; the redirect is not followed",
        arguments: [
            Answer(mode: "forbidden", stdout: "403\ninvalid signature\n", stderrWithoutPort: ""),
            Answer(
                mode: "redirect", stdout: "302\nmoved\n",
                stderrWithoutPort:
                    "twilio-token: note: not following the redirect to http://127.0.0.1:PORT/elsewhere: the signature "
                    + "covers only the URL it was made for\n"),
        ])
    func sendRefused(_ answer: Answer) throws {
        let server = try WebhookTestServer(WebhookTestServer.Mode(rawValue: answer.mode)!)
        let result = try CLI.run(["webhook", "send", server.baseURL + "/voice"] + Self.callParams + Self.auth)
        let requests = try server.stop()
        #expect(result.status == 1)
        #expect(result.stdout == answer.stdout)
        #expect(result.stderr == answer.stderrWithoutPort.replacingOccurrences(of: "PORT", with: "\(server.port)"))
        #expect(requests.map(\.target) == ["/voice"])
    }

    @Test("send goes to the URL alone: proxy variables are ignored")
    func sendIgnoresProxies() throws {
        let server = try WebhookTestServer(.ok)
        let proxy = "http://127.0.0.1:1/"
        let result = try CLI.run(
            ["webhook", "send", server.baseURL + "/voice"] + Self.auth,
            environment: ["http_proxy": proxy, "https_proxy": proxy, "ALL_PROXY": proxy, "all_proxy": proxy])
        let requests = try server.stop()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(requests.count == 1)
    }

    @Test("send: a refused connection and a server that never answers are one clear line and exit 1")
    func sendUnreachable() throws {
        let refused = try CLI.run(["webhook", "send", "http://127.0.0.1:1/voice"] + Self.auth)
        #expect(refused.status == 1)
        #expect(refused.stdout.isEmpty)
        #expect(
            refused.stderr
                == "twilio-token: error: cannot connect to http://127.0.0.1:1: the connection was refused or the host "
                + "is unreachable\n")

        let server = try WebhookTestServer(.silent)
        let silent = try CLI.run(["webhook", "send", server.baseURL + "/voice", "--timeout", "1"] + Self.auth)
        _ = try server.stop()
        #expect(silent.status == 1)
        #expect(silent.stdout.isEmpty)
        #expect(silent.stderr == "twilio-token: error: no answer from \(server.baseURL) within 1 s (--timeout)\n")
    }

    // MARK: Secrets never leak

    @Test("a canary auth token or SharedKey appears in no output, and in no request but as its signature")
    func canary() throws {
        let canary = Canary.authToken
        let canaryKey = try CLI.file(canary, name: "canary.key")
        let url = Self.url
        let commands: [[String]] = [
            ["sign", "--url", url, "--auth-token", canary],
            ["sign", "--url", url, "--shared-key-file", canaryKey.path],
            ["sign", "--url", url, "--auth-token", canary, "--algorithm", "HMAC_SHA256"],
            ["sign", "--url", url, "--auth-token", canary, "--algorithm", canary],
            ["sign", "--url", url, "--auth-token", canary, "--param", canary],
            ["sign", "--url", canary, "--auth-token", canary],
            ["sign", "--url", url, "--auth-token", canary, "--body-file", canary, "--content-type", "text/plain"],
            [
                "sign", "--url", url, "--auth-token", canary, "--body-file", Self.jsonFile.path, "--content-type",
                "\u{1}" + canary,
            ],
            ["sign", "--url", url, "--auth-token", String(canary.prefix(20))],
            ["sign", "--url", url, "--auth-token-file", canary],
            ["sign", "--url", url, "--shared-key-file", canary],
            ["validate", "--url", url, "--signature", Self.callSignature, "--auth-token", canary],
            ["validate", "--url", url, "--signature", canary, "--auth-token", canary],
            ["validate", "--url", url, "--signature", Self.callSignature, "--shared-key-file", canaryKey.path],
            [
                "validate", "--url", url, "--signature", Self.callSignature, "--auth-token", Self.authToken,
                "--auth-token", canary,
            ],
            ["send", "http://127.0.0.1:1/x", "--auth-token", canary],
            ["send", "http://127.0.0.1:1/x", "--auth-token", canary, "--header", canary],
            ["send", "http://127.0.0.1:1/x", "--auth-token", canary, "--timeout", canary],
            ["send", "http://127.0.0.1:1/x", "--shared-key-file", canaryKey.path, "--shared-key-id", "a," + canary],
            ["send", "http://127.0.0.1:1/x", "--shared-key-file", canaryKey.path],
            ["send", canary, "--auth-token", canary],
        ]
        for command in commands {
            let result = try CLI.run(["webhook"] + command)
            #expect(Canary.leaks(in: result.all).isEmpty, "leak in \(command): \(result.all)")
        }
        let server = try WebhookTestServer(.ok)
        let sent = try CLI.run(
            ["webhook", "send", server.baseURL + "/voice", "--auth-token", canary] + Self.callParams)
        let request = try #require(try server.stop().first)
        #expect(sent.status == 0)
        #expect(Canary.leaks(in: sent.all).isEmpty)
        let received =
            request.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
            + String(decoding: request.body, as: UTF8.self)
        #expect(Canary.leaks(in: received).isEmpty, "\(received)")
    }

    // MARK: Help

    @Test("webhook and its subcommands have examples in --help; webhook alone is a usage error")
    func help() throws {
        for command in [["webhook"], ["webhook", "sign"], ["webhook", "validate"], ["webhook", "send"]] {
            let result = try CLI.run(command + ["--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("Examples:"), "\(command)")
        }
        let group = try CLI.run(["webhook"])
        #expect(group.status == 64)
        #expect(group.stdout.isEmpty)
        #expect(group.stderr == (try CLI.run(["webhook", "--help"])).stdout)
    }
}
