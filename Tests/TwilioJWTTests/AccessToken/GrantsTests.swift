import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

@Suite("Grants keep order and replace in place")
struct GrantsTests {
    @Test("adding a grant of a kind already present replaces it and keeps its position")
    func replaceKeepsPosition() {
        var grants: Grants = [.video(VideoGrant(room: "a")), .chat(ChatGrant()), .sync(SyncGrant())]
        grants.add(.video(VideoGrant(room: "b")))
        #expect(grants.map(\.key) == ["video", "chat", "data_sync"])
        #expect(grants.video == VideoGrant(room: "b"))
        grants.voice = VoiceGrant(incomingAllowed: true)
        #expect(grants.map(\.key) == ["video", "chat", "data_sync", "voice"])
        grants.chat = nil
        #expect(grants.map(\.key) == ["video", "data_sync", "voice"])
        #expect(grants.remove(key: "nothing") == nil)
    }

    @Test("an array literal with a repeated kind keeps the first position and the last value")
    func literalWithRepeats() {
        let grants: Grants = [.video(VideoGrant(room: "a")), .voice(VoiceGrant()), .video(VideoGrant(room: "c"))]
        #expect(grants.map(\.key) == ["video", "voice"])
        #expect(grants.video?.room == "c")
    }

    @Test("a custom grant with a typed grant's key takes its place")
    func customReplacesTyped() {
        var grants: Grants = [.voice(VoiceGrant()), .video(VideoGrant())]
        grants.add(.custom(key: "voice", value: ["future": true]))
        #expect(grants.map(\.key) == ["voice", "video"])
        #expect(grants.voice == nil)
        #expect(grants[key: "voice"] == .custom(key: "voice", value: ["future": true]))
    }

    @Test(
        "every typed accessor reads and writes its own key",
        arguments: [
            ("voice", Grant.voice(VoiceGrant())), ("video", .video(VideoGrant())), ("chat", .chat(ChatGrant())),
            ("data_sync", .sync(SyncGrant())), ("task_router", .taskRouter(TaskRouterGrant())),
            ("player", .playback(PlaybackGrant())), ("ip_messaging", .ipMessaging(IPMessagingGrant())),
            ("rtc", .rtc(RTCGrant())),
        ])
    func typedAccessors(key: String, grant: Grant) {
        #expect(grant.key == key)
        var grants = Grants()
        grants.add(grant)
        #expect(grants[key: key] == grant)
        let typedValues: [Grant?] = [
            grants.voice.map(Grant.voice), grants.video.map(Grant.video), grants.chat.map(Grant.chat),
            grants.sync.map(Grant.sync), grants.taskRouter.map(Grant.taskRouter),
            grants.playback.map(Grant.playback), grants.ipMessaging.map(Grant.ipMessaging), grants.rtc.map(Grant.rtc),
        ]
        #expect(typedValues.compactMap { $0 } == [grant])
    }

    @Test("JSONObject follows Python dict rules")
    func jsonObjectOrder() {
        var object: JSONObject = ["a": 1, "b": 2, "a": 3]
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
        object["c"] = nil
        object["b"] = nil
        object["d"] = "x"
        #expect(object.description == #"{"a":3,"d":"x"}"#)
    }
}
