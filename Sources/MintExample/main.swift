// Mints an access token with obviously fake credentials and prints it, with any diagnostics on stderr.
//
//     swift run mint-example [identity]
//
// The credentials below are the fake ones of Twilio's helper-library test vectors: the token is well
// formed and verifies with this secret, but Twilio will not accept it.

import Foundation
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

    for finding in token.diagnostics() {
        FileHandle.standardError.write(Data("\(finding)\n".utf8))
    }
    print(try token.jwt(signedWith: key))
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
