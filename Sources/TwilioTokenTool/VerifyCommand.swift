import ArgumentParser
import TwilioJWT

/// `twilio-token verify`: checks a token's signature and claims with the keys given, and says which key verified it.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify a token's signature, kind, issuer, account and times.",
        discussion: """
            Give the keys you accept: --api-key/--api-secret pairs for access tokens, --account-sid/--auth-token \
            pairs for capability and TaskRouter tokens, --validation-key for Client Validation tokens. Repeat the \
            options to accept several keys (during a rotation); pairs match in order. Without any, the key is read \
            from the environment. Exit status 0 valid, 1 invalid (the reason on standard error), 64 usage errors.

            --account-sid also names the account that owns the API keys (an access token's sub must match it): \
            given once, it is the account of every API key; given once per --api-key, they pair in order (keys of \
            several accounts); any other number of --account-sid with --api-key is a usage error. Without it, the \
            account comes from --env-file or the environment (TWILIO_ACCOUNT_SID).

            Examples:
              twilio-token verify "$TOKEN" --api-key SK… --account-sid AC… \\
                --api-secret-file ~/.twilio/api-secret
              twilio-token verify "$TOKEN" \\
                --api-key SK…1 --api-secret-file key1.secret --account-sid AC…1 \\
                --api-key SK…2 --api-secret-file key2.secret --account-sid AC…2
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

    @Option(
        name: .customLong("account-sid"),
        help: ArgumentHelp(
            "An account SID (AC…); repeatable: once for all API keys, or once per --api-key in order.",
            valueName: "sid"))
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

    func validate() throws {
        var readers = self.environment.standardInputReaders
        readers += self.apiSecretFiles.filter { $0 == "-" }.map { _ in "--api-secret-file -" }
        readers += self.authTokenFiles.filter { $0 == "-" }.map { _ in "--auth-token-file -" }
        readers += self.validationKeys.filter { $0.hasSuffix("=-") }.map { _ in "--validation-key …=-" }
        if self.token == nil || self.token == "-" {
            readers.append(self.token == nil ? "the token (no token argument given)" : "the token argument -")
        }
        try checkStandardInput(readers)
    }

    func run() throws {
        let sources = try self.environment.sources()
        let apiKeys = try self.apiKeyList(sources)
        let accounts = try self.accountList(sources)
        let validationKeys = try self.validationKeyList()
        guard !(apiKeys.isEmpty && accounts.isEmpty && validationKeys.isEmpty) else {
            throw CLIError.usage(
                "no key to verify with: pass --api-key with --api-secret, --account-sid with --auth-token, or "
                    + "--validation-key (or set TWILIO_API_KEY and TWILIO_API_SECRET, or TWILIO_AUTH_TOKEN)")
        }
        // The verifier finds keys by SID, so each may be given once.
        try checkUnique(apiKeys.map(\.sid), flag: "--api-key")
        try checkUnique(accounts.map(\.accountSID), flag: "--account-sid")
        try checkUnique(validationKeys.map(\.credentialSID), flag: "--validation-key")
        let verifier: TokenVerifier
        do {
            verifier = try TokenVerifier(
                apiKeys: apiKeys,
                accounts: accounts,
                validationKeys: validationKeys,
                leeway: .seconds(try self.leeway())
            )
        } catch let error as TokenError {
            throw CLIError.invalid(error)
        }
        let now = try self.clock.now()
        let text = try readToken(self.token)
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
                    "valid": true, "kind": .string(verified.claims.kind.rawValue), "keyID": .string(verified.keyID.sid),
                    "header": .object(verified.header), "payload": .object(verified.payload),
                    "expiresAt": .string(UnixTime.iso8601(verified.claims.expiresAt)),
                ])
            )
        } else {
            var summary = "valid \(verified.claims.kind), verified with \(verified.keyID.sid)"
            if case .access(let access) = verified.claims, let identity = access.identity {
                summary += ", identity \(TokenDescription.display(.string(identity)))"
            }
            summary += ", expires \(UnixTime.iso8601(verified.claims.expiresAt))"
            if let remaining = TokenDescription.seconds(from: now, to: verified.claims.expiresAt) {
                // A token accepted within the leeway may have expired already.
                summary +=
                    remaining > 0
                    ? " (in \(TokenDescription.duration(remaining)))"
                    : " (expired \(TokenDescription.duration(-remaining)) ago, within the leeway)"
            }
            print(summary)
        }
    }

    /// `--leeway` in seconds, checked against the verifier's range here so that the message names the flag and
    /// speaks of whole seconds, as the flag takes them.
    func leeway() throws -> Int {
        let seconds = try parseInteger(self.leewayText, flag: "--leeway") ?? 0
        let maximum = TokenVerifier.maximumLeeway.components.seconds
        guard seconds >= 0, Int64(seconds) <= maximum else {
            throw CLIError.usage("--leeway must be between 0 and \(maximum) seconds; got \(seconds)")
        }
        return seconds
    }

    func apiKeyList(_ sources: CredentialSources) throws -> [APIKey] {
        let secrets = try self.pairedSecrets(
            values: self.apiSecrets, files: self.apiSecretFiles, count: self.apiKeys.count,
            flag: "--api-secret", fileFlag: "--api-secret-file", keyFlag: "--api-key"
        )
        var sids = self.apiKeys
        var secretValues = secrets
        var keySource = "--api-key"
        if sids.isEmpty, let sid = sources.lookup(APIKey.sidVariables),
            let secret = sources.lookup(APIKey.secretVariables)
        {
            sids = [sid.value]
            secretValues = [secret.value]
            keySource = sid.source
        }
        guard !sids.isEmpty else { return [] }
        let accounts = try self.accountsOfAPIKeys(count: sids.count, from: keySource, sources)
        return try zip(zip(sids, secretValues), accounts).map { key, account in
            let (sid, secret) = key
            try checkSID(sid, .apiKey, flag: "--api-key")
            do throws(TokenError) {
                return try APIKey(sid: sid, secret: Secret(secret), accountSID: account)
            } catch {
                throw CLIError.invalid(error, from: "the secret of \(sid)")
            }
        }
    }

    /// The account SID of each of `count` API keys (given by `keySource`): the one --account-sid for all of them,
    /// one --account-sid per key in order, or (without --account-sid) the account from the files and environment
    /// for all of them.
    func accountsOfAPIKeys(count: Int, from keySource: String, _ sources: CredentialSources) throws -> [String] {
        switch self.accountSIDs.count {
        case 0:
            let account = try sources.require(
                nil,
                flag: "--account-sid",
                names: AccountCredentials.accountSIDVariables,
                what: "the account SID that owns the API key (for the sub check)"
            )
            try checkSID(account.value, .account, flag: account.source)
            return Array(repeating: account.value, count: count)
        case 1, count:
            for sid in self.accountSIDs {
                try checkSID(sid, .account, flag: "--account-sid")
            }
            return self.accountSIDs.count == count
                ? self.accountSIDs : Array(repeating: self.accountSIDs[0], count: count)
        default:
            throw CLIError.usage(
                "--account-sid is given \(self.accountSIDs.count) times for \(count) API key\(count == 1 ? "" : "s") "
                    + "(\(keySource)): give it once for all API keys, or once per --api-key in the same order")
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
            // --account-sid alone names the accounts of the API keys. An auth token from the files or the
            // environment belongs to one account: the only one named, or the one TWILIO_ACCOUNT_SID names among
            // several; with several and none of them that, it is not used (never paired with a guess).
            let environmentAccount = sources.lookup(AccountCredentials.accountSIDVariables)?.value
            let candidates = sids.isEmpty ? environmentAccount.map { [$0] } ?? [] : sids
            let sid: String?
            if candidates.count == 1 {
                sid = candidates[0]
            } else if let environmentAccount, candidates.contains(environmentAccount) {
                sid = environmentAccount
            } else {
                sid = nil
            }
            guard let token = sources.lookup(AccountCredentials.authTokenVariables), let sid else { return [] }
            sids = [sid]
            tokenValues = [token.value]
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

    /// Throws when `sids` (checked SIDs, safe to show) repeats one.
    func checkUnique(_ sids: [String], flag: String) throws {
        var seen: Set<String> = []
        for sid in sids where !seen.insert(sid).inserted {
            throw CLIError.usage("\(flag) \(sid) is given twice; give each key once")
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
