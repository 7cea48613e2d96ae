#if Vapor
// An app that imports TwilioVapor configures it with the service's types (TokenProfile, VoiceSettings, …) and the
// webhook library's (WebhookBaseURL, WebhookValidator), as Vapor re-exports what its own API is made of.
@_exported public import TwilioTokenService
@_exported public import TwilioWebhooks
#endif
