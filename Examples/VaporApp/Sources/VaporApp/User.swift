import JWT
import TwilioVapor
import Vapor

/// A user of the app, logged in by vapor/jwt from the `Authorization: Bearer` JWT the app's own login issued: its
/// subject is the Twilio identity of its tokens.
struct User: JWTPayload, TwilioTokenUser {
    var sub: SubjectClaim
    var exp: ExpirationClaim

    var twilioIdentity: String { self.sub.value }

    func verify(using algorithm: some JWTAlgorithm) async throws {
        try self.exp.verifyNotExpired()
    }
}
