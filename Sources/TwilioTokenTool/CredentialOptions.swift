import ArgumentParser
import TwilioJWT

/// `--account-sid`, `--api-key` and `--api-secret` / `--api-secret-file`, for access tokens.
struct APIKeyOptions: ParsableArguments {
    @Option(
        name: .customLong("account-sid"),
        help: ArgumentHelp("Account SID (AC…); default TWILIO_ACCOUNT_SID.", valueName: "sid"))
    var accountSID: String?

    @Option(
        name: .customLong("api-key"), help: ArgumentHelp("API key SID (SK…); default TWILIO_API_KEY.", valueName: "sid")
    )
    var apiKey: String?

    @Option(
        name: .customLong("api-secret"),
        help: ArgumentHelp("API key secret; default TWILIO_API_SECRET.", valueName: "secret"))
    var apiSecret: String?

    @Option(
        name: .customLong("api-secret-file"),
        help: ArgumentHelp("Read the API key secret from a file (mode 600), or - for stdin.", valueName: "path"))
    var apiSecretFile: String?

    /// The options of this group that read standard input.
    var standardInputReaders: [String] {
        self.apiSecretFile == "-" ? ["--api-secret-file -"] : []
    }

    func key(_ sources: CredentialSources) throws -> APIKey {
        let accountSID = try resolveAccountSID(sources, flagValue: self.accountSID)
        let (keySID, keySource) = try sources.require(
            self.apiKey,
            flag: "--api-key",
            names: CredentialSources.apiKey,
            what: "the API key SID"
        )
        try checkSID(keySID, .apiKey, flag: keySource)
        let (secret, _) = try sources.secret(
            self.apiSecret,
            flag: "--api-secret",
            file: self.apiSecretFile,
            fileFlag: "--api-secret-file",
            names: CredentialSources.apiSecret,
            what: "the API key secret"
        )
        do {
            return try APIKey(sid: keySID, secret: secret, accountSID: accountSID)
        } catch {
            throw CLIError.invalid(error)
        }
    }
}

/// The account SID from `--account-sid` or the files and environment, checked against the flag or variable
/// it came from.
func resolveAccountSID(_ sources: CredentialSources, flagValue: String?) throws -> String {
    let (accountSID, source) = try sources.require(
        flagValue,
        flag: "--account-sid",
        names: CredentialSources.accountSID,
        what: "the account SID"
    )
    try checkSID(accountSID, .account, flag: source)
    return accountSID
}

/// `--account-sid` and `--auth-token` / `--auth-token-file`, for the tokens signed with the auth token.
struct AccountCredentialOptions: ParsableArguments {
    @Option(
        name: .customLong("account-sid"),
        help: ArgumentHelp("Account SID (AC…); default TWILIO_ACCOUNT_SID.", valueName: "sid"))
    var accountSID: String?

    @Option(
        name: .customLong("auth-token"),
        help: ArgumentHelp("The account's auth token; default TWILIO_AUTH_TOKEN.", valueName: "token"))
    var authToken: String?

    @Option(
        name: .customLong("auth-token-file"),
        help: ArgumentHelp("Read the auth token from a file (mode 600), or - for stdin.", valueName: "path"))
    var authTokenFile: String?

    /// The options of this group that read standard input.
    var standardInputReaders: [String] {
        self.authTokenFile == "-" ? ["--auth-token-file -"] : []
    }

    func credentials(_ sources: CredentialSources) throws -> AccountCredentials {
        let accountSID = try resolveAccountSID(sources, flagValue: self.accountSID)
        let (authToken, _) = try sources.secret(
            self.authToken,
            flag: "--auth-token",
            file: self.authTokenFile,
            fileFlag: "--auth-token-file",
            names: CredentialSources.authToken,
            what: "the auth token"
        )
        do {
            return try AccountCredentials(accountSID: accountSID, authToken: authToken)
        } catch {
            throw CLIError.invalid(error)
        }
    }
}
