import ArgumentParser
import TwilioJWT

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
            names: AccountCredentials.authTokenVariables,
            what: "the auth token"
        )
        do {
            return try AccountCredentials(accountSID: accountSID, authToken: authToken)
        } catch {
            throw CLIError.invalid(error)
        }
    }
}
