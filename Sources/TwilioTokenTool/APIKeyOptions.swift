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
            names: APIKey.sidVariables,
            what: "the API key SID"
        )
        try checkSID(keySID, .apiKey, flag: keySource)
        let (secret, _) = try sources.secret(
            self.apiSecret,
            flag: "--api-secret",
            file: self.apiSecretFile,
            fileFlag: "--api-secret-file",
            names: APIKey.secretVariables,
            what: "the API key secret"
        )
        do {
            return try APIKey(sid: keySID, secret: secret, accountSID: accountSID)
        } catch {
            throw CLIError.invalid(error)
        }
    }
}
