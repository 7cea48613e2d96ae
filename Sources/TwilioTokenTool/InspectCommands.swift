import ArgumentParser
import TwilioJWT

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Show what a token says, without verifying it.",
        discussion: """
            Works on any JWT and says which kind of Twilio token it is. Times are shown in UTC with how far away \
            they are. The signature is NOT checked: use `verify` for that.

            Examples:
              twilio-token decode eyJhbGciOi…
              pbpaste | twilio-token decode --json
            """
    )

    @Argument(help: ArgumentHelp("The token, or - (the default) to read it from standard input.", valueName: "token"))
    var token: String?

    @OptionGroup var clock: ClockOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let text = try readToken(self.token)
        let decoded: UnverifiedToken
        do {
            decoded = try UnverifiedToken(decoding: text)
        } catch {
            throw CLIError.failure("not a decodable JWT: \(error.message)")
        }
        if self.output.json {
            print(JSONValue.object(["header": .object(decoded.header), "payload": .object(decoded.payload)]))
        } else {
            print(TokenDescription(token: decoded, now: try self.clock.now()).render())
        }
    }
}

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check a token against Twilio's rules, with the error code Twilio would report.",
        discussion: """
            Checks alg/cty/typ, iss and sub, the lifetime (at most 24 hours), expiry and clock skew against --now, \
            identity rules per grant, the region, and capability/access-token mix-ups. The signature is not \
            checked (use `verify`). Exit status 0 when clean, 1 when there are findings.

            Example:
              twilio-token lint "$TOKEN"
            """
    )

    @Argument(help: ArgumentHelp("The token, or - (the default) to read it from standard input.", valueName: "token"))
    var token: String?

    @OptionGroup var clock: ClockOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let text = try readToken(self.token)
        let findings: [Diagnostic]
        do {
            findings = try UnverifiedToken(decoding: text).lint(at: try self.clock.now())
        } catch let error as TokenError {
            findings = [Diagnostic(.warning, field: "token", twilioErrorCode: 20101, error.message)]
        }
        if self.output.json {
            print(JSONValue.object(["clean": .bool(findings.isEmpty), "findings": .array(findings.map(\.json))]))
        } else if findings.isEmpty {
            print("clean: no findings")
        } else {
            for finding in findings { print(finding) }
        }
        if !findings.isEmpty { throw ExitCode(1) }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a token's signature, kind, issuer, account and times.",
        discussion: """
            Give the keys you accept: --api-key/--api-secret pairs for access tokens, --account-sid/--auth-token \
            pairs for capability and TaskRouter tokens, --validation-key for Client Validation tokens. Repeat the \
            options to accept several keys (during a rotation); pairs match in order. Without any, the key is read \
            from the environment. Exit status 0 valid, 1 invalid (the reason on standard error), 64 usage errors.

            Examples:
              twilio-token verify "$TOKEN" --api-key SK… --account-sid AC… \\
                --api-secret-file ~/.twilio/api-secret
              twilio-token verify --account-sid AC… --leeway 30 < token.txt
            """
    )

    @Argument(help: ArgumentHelp("The token, or - to read it from standard input.", valueName: "token"))
    var token: String?

    @OptionGroup var environment: EnvironmentOptions

    @Option(name: .customLong("api-key"), help: ArgumentHelp("An API key SID (SK…); repeatable.", valueName: "sid"))
    var apiKeys: [String] = []

    @Option(
        name: .customLong("api-secret"),
        help: ArgumentHelp("The secret of the matching --api-key; repeatable.", valueName: "secret"))
    var apiSecrets: [String] = []

    @Option(
        name: .customLong("api-secret-file"),
        help: ArgumentHelp("Read the matching secret from a file (mode 600) or -; repeatable.", valueName: "path"))
    var apiSecretFiles: [String] = []

    @Option(name: .customLong("account-sid"), help: ArgumentHelp("An account SID (AC…); repeatable.", valueName: "sid"))
    var accountSIDs: [String] = []

    @Option(
        name: .customLong("auth-token"),
        help: ArgumentHelp("The auth token of the matching --account-sid; repeatable.", valueName: "token"))
    var authTokens: [String] = []

    @Option(
        name: .customLong("auth-token-file"),
        help: ArgumentHelp("Read the matching auth token from a file (mode 600) or -; repeatable.", valueName: "path"))
    var authTokenFiles: [String] = []

    @Option(
        name: .customLong("validation-key"),
        help: ArgumentHelp("A Client Validation public key: CR…=path/to/key.pem; repeatable.", valueName: "sid=path"))
    var validationKeys: [String] = []

    @Option(
        name: .customLong("leeway"),
        help: ArgumentHelp("Seconds of clock difference tolerated, 0 to 300 (default 0).", valueName: "seconds"))
    var leewayText: String?

    @OptionGroup var clock: ClockOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let sources = try self.environment.sources()
        let verifier: TokenVerifier
        do {
            verifier = try TokenVerifier(
                apiKeys: try self.apiKeyList(sources),
                accounts: try self.accountList(sources),
                validationKeys: try self.validationKeyList(),
                leeway: try parseInteger(self.leewayText, flag: "--leeway") ?? 0
            )
        } catch let error as TokenError {
            throw CLIError.usage(error.message.hasPrefix("leeway") ? "--\(error.message)" : error.message)
        }
        let text = try readToken(self.token)
        let now = try self.clock.now()
        let verified: Verified<TokenClaims>
        do {
            verified = try verifier.verify(text, at: now)
        } catch {
            if self.output.json {
                print(
                    JSONValue.object([
                        "valid": false, "error": .string(error.code.description), "message": .string(error.message),
                    ]))
            }
            throw CLIError.failure("invalid: \(error.code): \(error.message)")
        }
        if self.output.json {
            print(
                JSONValue.object([
                    "valid": true, "kind": .string(verified.claims.kind.rawValue), "keyID": .string(verified.keyID),
                    "header": .object(verified.header), "payload": .object(verified.payload),
                    "expiresAt": .string(UnixTime.iso8601(verified.claims.expiresAt)),
                ])
            )
        } else {
            var summary = "valid \(verified.claims.kind), verified with \(verified.keyID)"
            if case .access(let access) = verified.claims, let identity = access.identity {
                summary += ", identity \(TokenDescription.display(.string(identity)))"
            }
            let remaining = verified.claims.expiresAt - now
            summary +=
                ", expires \(UnixTime.iso8601(verified.claims.expiresAt)) (in \(TokenDescription.duration(remaining)))"
            print(summary)
        }
    }

    func apiKeyList(_ sources: CredentialSources) throws -> [APIKey] {
        let secrets = try self.pairedSecrets(
            values: self.apiSecrets, files: self.apiSecretFiles, count: self.apiKeys.count,
            flag: "--api-secret", fileFlag: "--api-secret-file", keyFlag: "--api-key"
        )
        var sids = self.apiKeys
        var secretValues = secrets
        if sids.isEmpty, let sid = sources.lookup(CredentialSources.apiKey),
            let secret = sources.lookup(CredentialSources.apiSecret)
        {
            sids = [sid.value]
            secretValues = [secret.value]
        }
        guard !sids.isEmpty else { return [] }
        let account = try sources.require(
            self.accountSIDs.first,
            flag: "--account-sid",
            names: CredentialSources.accountSID,
            what: "the account SID that owns the API key (for the sub check)"
        )
        try checkSID(account.value, .account, flag: account.source)
        return try zip(sids, secretValues).map { sid, secret in
            try checkSID(sid, .apiKey, flag: "--api-key")
            do throws(TokenError) {
                return try APIKey(sid: sid, secret: Secret(secret), accountSID: account.value)
            } catch {
                throw CLIError.invalid(error, from: "the secret of \(sid)")
            }
        }
    }

    func accountList(_ sources: CredentialSources) throws -> [AccountCredentials] {
        let tokens = try self.pairedSecrets(
            values: self.authTokens, files: self.authTokenFiles, count: self.accountSIDs.count,
            flag: "--auth-token", fileFlag: "--auth-token-file", keyFlag: "--account-sid"
        )
        var sids = self.accountSIDs
        var tokenValues = tokens
        if tokens.isEmpty {
            // --account-sid alone names the account of the API keys; take its auth token from the environment.
            if let token = sources.lookup(CredentialSources.authToken),
                let sid = sids.first ?? sources.lookup(CredentialSources.accountSID)?.value
            {
                sids = [sid]
                tokenValues = [token.value]
            } else {
                return []
            }
        }
        return try zip(sids, tokenValues).map { sid, token in
            try checkSID(sid, .account, flag: "--account-sid")
            do throws(TokenError) {
                return try AccountCredentials(accountSID: sid, authToken: Secret(token))
            } catch {
                throw CLIError.invalid(error, from: "the auth token of \(sid)")
            }
        }
    }

    func validationKeyList() throws -> [ClientValidationPublicKey] {
        try self.validationKeys.map { text in
            let (sid, path) = try keyValue(text, flag: "--validation-key")
            try checkSID(sid, .credential, flag: "--validation-key")
            let pem = try readTextFile(path, flag: "--validation-key", secret: false)
            do throws(TokenError) {
                return try ClientValidationPublicKey(credentialSID: sid, publicKeyPEM: pem)
            } catch {
                throw CLIError.invalid(error, from: "--validation-key \(sid)")
            }
        }
    }

    /// The secrets for `count` keys, given either all as values or all as files.
    func pairedSecrets(
        values: [String],
        files: [String],
        count: Int,
        flag: String,
        fileFlag: String,
        keyFlag: String
    ) throws -> [String] {
        if !values.isEmpty && !files.isEmpty {
            throw CLIError.usage("give the secrets either all with \(flag) or all with \(fileFlag)")
        }
        let secrets = try values.isEmpty ? files.map { try readTextFile($0, flag: fileFlag, secret: true) } : values
        if count > 0 && secrets.count != count && !(keyFlag == "--account-sid" && secrets.isEmpty) {
            throw CLIError.usage(
                "\(keyFlag) is given \(count) time(s) but its secret \(secrets.count) time(s); they pair in order")
        }
        if count == 0 && !secrets.isEmpty {
            throw CLIError.usage("\(flag) needs a matching \(keyFlag)")
        }
        return secrets
    }
}
