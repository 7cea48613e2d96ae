#if TokenService
import Configuration
import TwilioJWT
import TwilioWebhooks

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension TwilioSettings {
    /// The account and its signing key from the environment variables Twilio's helper libraries, CLI and quickstarts
    /// use, as the standalone server reads them when its config file leaves the account out: `TWILIO_ACCOUNT_SID`,
    /// `TWILIO_API_KEY`, `TWILIO_API_SECRET`, `TWILIO_REGION` (each with the aliases of
    /// ``TwilioJWT/AccountCredentials/accountSIDVariables``, ``TwilioJWT/APIKey/sidVariables``,
    /// ``TwilioJWT/APIKey/secretVariables``), and `TWILIO_AUTH_TOKEN` or `AUTH_TOKEN` when set.
    ///
    /// To rotate API keys, build the settings with ``init(accountSID:region:apiKeys:activeKeySID:accountCredentials:)``
    /// and both keys instead.
    ///
    /// - Throws: ``ConfigurationError`` naming the variable that is missing or invalid.
    public static func environment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> TwilioSettings {
        let reader = try ConfigurationLoader.Reader(environment: environment)
        let settings = try reader.twilio()
        guard let authToken = reader.environmentValue(AccountCredentials.authTokenVariables, isSecret: true) else {
            return settings
        }
        let credentials: AccountCredentials
        do {
            credentials = try AccountCredentials(accountSID: settings.accountSID, authToken: Secret(authToken.value))
        } catch {
            throw ConfigurationError(key: "twilio.auth_token_file", "\(authToken.name): \(error.message)")
        }
        return try TwilioSettings(
            accountSID: settings.accountSID, region: settings.region, apiKeys: Array(settings.apiKeys.values),
            activeKeySID: settings.activeKeySID, accountCredentials: credentials)
    }
}

extension WebhookValidator {
    /// A validator of Twilio's webhook signatures with the account's Auth Token from `TWILIO_AUTH_TOKEN` (or
    /// `AUTH_TOKEN`), the name Twilio's helper libraries and CLI use.
    ///
    /// To rotate the Auth Token, build the validator with both tokens instead (``init(authTokens:sharedKeys:)``, the
    /// primary first): Twilio signs with the primary one.
    ///
    /// - Throws: ``ConfigurationError`` naming the variable that is missing or invalid.
    public static func environment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> WebhookValidator {
        let names = AccountCredentials.authTokenVariables
        guard
            let (name, value) = try ConfigurationLoader.Reader(environment: environment)
                .environmentValue(names, isSecret: true)
        else {
            throw ConfigurationError(
                key: "twilio.auth_token_env", "set \(names.joined(separator: " or ")) to validate Twilio's webhooks")
        }
        do {
            return try WebhookValidator(authTokens: [WebhookSecret(value)])
        } catch {
            throw ConfigurationError(key: "twilio.auth_token_env", "\(name): \(error.message)")
        }
    }
}

extension ConfigurationLoader.Reader {
    /// A reader of the environment alone, with no config file: the Twilio account's variables and their aliases.
    init(environment: [String: String]) throws(ConfigurationError) {
        self.init(
            file: ConfigReader(provider: InMemoryProvider(values: [:])),
            environment: ConfigReader(
                provider: EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .all)),
            document: try ConfigurationDocument(parsing: "{}"))
    }
}
#endif
