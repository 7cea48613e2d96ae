// Mints an access token with obviously fake credentials and prints it.
//
//     swift run mint-example [identity]
//
// The credentials below are the fake ones of Twilio's helper-library test vectors: the token is well
// formed and verifies with this secret, but Twilio will not accept it.

import TwilioJWT

let identity = CommandLine.arguments.dropFirst().first ?? "alice"

do {
    let key = try APIKey(
        sid: "SKbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
        secret: Secret("abcdefghijklmnopqrstuvwxyz012345"),
        accountSID: "ACaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
    )
    var token = AccessToken(identity: identity)
    token.grants.voice = VoiceGrant(
        incomingAllowed: true,
        outgoing: .init(applicationSID: "APcccccccccccccccccccccccccccccccc", params: ["customer": 42])
    )
    token.grants.video = VideoGrant(room: "DailyStandup")

    for warning in token.diagnostics() {
        print("warning: \(warning)")
    }
    print(try token.jwt(signedWith: key))
} catch {
    print("error: \(error)")
}
