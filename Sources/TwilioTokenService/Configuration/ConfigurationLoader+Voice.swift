#if TokenService
import TwilioJWT
import TwilioWebhooks

extension ConfigurationLoader.Reader {
    /// The `voice` section, with the webhook secrets: the Auth Token (`twilio.auth_token_*`), the secondary Auth
    /// Token during a rotation (`twilio.secondary_auth_token_*`) and the SharedKeys (`voice.shared_keys`).
    func voice() throws(ConfigurationError) -> VoiceSettings? {
        let primary = try self.authToken(fileKey: "twilio.auth_token_file", environmentKey: "twilio.auth_token_env")
        let secondary = try self.authToken(
            fileKey: "twilio.secondary_auth_token_file", environmentKey: "twilio.secondary_auth_token_env")
        if secondary != nil, primary == nil {
            throw ConfigurationError(
                key: "twilio.secondary_auth_token_file",
                "a secondary Auth Token needs the primary one (twilio.auth_token_file or twilio.auth_token_env)")
        }
        guard self.document.contains("voice") else { return nil }

        var sharedKeys: [WebhookSharedKey] = []
        for id in self.document.names["voice.shared_keys"] ?? [] {
            let key = "voice.shared_keys.\(id)"
            guard
                let (text, source) = try self.secretText(
                    fileKey: "\(key).secret_file", environmentKey: "\(key).secret_env")
            else {
                throw ConfigurationError(key: key, "needs secret_file or secret_env")
            }
            do {
                sharedKeys.append(try WebhookSharedKey(id: id, secret: WebhookSecret(text)))
            } catch {
                throw ConfigurationError(key: source.key, "the SharedKey secret in \(source.name): \(error.message)")
            }
        }
        let validator: WebhookValidator
        do {
            validator = try WebhookValidator(
                authTokens: [primary, secondary].compactMap { $0 }, sharedKeys: sharedKeys)
        } catch {
            throw ConfigurationError(
                key: "voice",
                "Twilio's webhooks cannot be checked without a secret: configure twilio.auth_token_file (or "
                    + "twilio.auth_token_env), or voice.shared_keys")
        }
        var publicBaseURL: WebhookBaseURL?
        if let text = try self.nonEmpty("voice.public_base_url") {
            do {
                publicBaseURL = try WebhookBaseURL(text)
            } catch {
                throw ConfigurationError(key: "voice.public_base_url", error.message)
            }
        }
        let blocked =
            self.document.contains("voice.blocked_number_prefixes")
            ? self.strings(["voice", "blocked_number_prefixes"]) : VoiceSettings.defaultBlockedNumberPrefixes
        return try VoiceSettings(
            validator: validator,
            publicBaseURL: publicBaseURL,
            callerID: try self.nonEmpty("voice.caller_id"),
            allowedNumberPrefixes: self.strings(["voice", "allowed_number_prefixes"]),
            blockedNumberPrefixes: blocked,
            incomingClient: try self.nonEmpty("voice.incoming_client")
        )
    }

    /// An Auth Token as a webhook secret, checked as an account's Auth Token (32 characters).
    private func authToken(fileKey: String, environmentKey: String) throws(ConfigurationError) -> WebhookSecret? {
        guard let (text, source) = try self.secretText(fileKey: fileKey, environmentKey: environmentKey) else {
            return nil
        }
        do {
            _ = try Secret(text)
            return try WebhookSecret(text)
        } catch let error as TokenError {
            throw ConfigurationError(key: source.key, "the Auth Token in \(source.name): \(error.message)")
        } catch {
            throw ConfigurationError(key: source.key, "the Auth Token in \(source.name): \(error)")
        }
    }
}
#endif
