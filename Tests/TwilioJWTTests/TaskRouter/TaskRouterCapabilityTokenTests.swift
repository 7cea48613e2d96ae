import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

@Suite("TaskRouter capability tokens")
struct TaskRouterCapabilityTokenTests {
    static let vectors = TokenVector.load("taskrouter-token-vectors")
    static let workspace = "WS" + String(repeating: "1", count: 32)
    static let worker = "WK" + String(repeating: "2", count: 32)
    static let queue = "WQ" + String(repeating: "3", count: 32)
    static let credentials = try! AccountCredentials(
        accountSID: "AC" + String(repeating: "a", count: 32),
        authToken: Secret(Canary.authToken)
    )

    @Test("the vector file holds the vectors TR-1 to TR-4")
    func vectorFileIsComplete() {
        #expect(Self.vectors.map(\.id) == ["TR-1", "TR-2", "TR-3", "TR-4"])
    }

    @Test("reproduces twilio-python's token byte for byte", arguments: vectors)
    func reproducesVector(_ vector: TokenVector) throws {
        let jwt = try CapabilitySpec.taskRouterToken(vector.input).jwt(
            signedWith: CapabilitySpec.credentials(vector.input),
            issuedAt: vector.input["issuedAt"]!.intValue!
        )
        vector.check(jwt)
    }

    @Test("the factory methods give twilio-python's defaults")
    func factories() {
        #expect(
            TaskRouterCapabilityToken.worker(workspaceSID: Self.workspace, workerSID: Self.worker).capabilities
                == .workerDefaults)
        #expect(
            TaskRouterCapabilityToken.taskQueue(workspaceSID: Self.workspace, taskQueueSID: Self.queue).capabilities
                == .defaults)
        #expect(TaskRouterCapabilityToken.workspace(workspaceSID: Self.workspace).capabilities == .defaults)
        #expect(
            TaskRouterCapabilityToken(workspaceSID: Self.workspace, channel: .worker(Self.worker)).capabilities
                == .workerDefaults)
    }

    @Test("150 random TaskRouter tokens are byte-identical to twilio-python's", .pythonReference)
    func differential() throws {
        var random = RandomSpecs(seed: 0x7A5C_0077)
        let specs = (0..<150).map { _ in random.taskRouterSpec() }
        let expected = try PythonReference.run("taskrouter", .array(specs)).arrayValue!
        try #require(expected.count == specs.count)
        var differences = 0
        for (spec, reference) in zip(specs, expected) {
            let ours = try CapabilitySpec.taskRouterToken(spec).jwt(
                signedWith: CapabilitySpec.credentials(spec),
                issuedAt: spec["issuedAt"]!.intValue!
            )
            if ours != reference.stringValue {
                differences += 1
                if differences <= 3 {
                    Issue.record("differs for \(spec.json)\nours:   \(ours)\npython: \(reference.json)")
                }
            }
            // twilio-python's token verifies.
            let issuedAt = spec["issuedAt"]!.intValue!
            _ = try TokenVerifier(accounts: [CapabilitySpec.credentials(spec)])
                .verify(
                    reference.stringValue!, as: TaskRouterClaims.self,
                    at: max(issuedAt, spec["nbf"]?.intValue ?? issuedAt))
        }
        #expect(differences == 0)
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        let name: String
        let token: TaskRouterCapabilityToken
        let code: TokenError.Code
        let phrase: String
        var testDescription: String { self.name }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(
            name: "workspace SID is a worker SID",
            token: .workspace(workspaceSID: worker),
            code: .invalidSID,
            phrase:
                "workspace SID must be 'WS' followed by 32 lower-case hex digits; got 34 characters starting 'WK' (this looks like a TaskRouter worker SID"
        ),
        ErrorCase(
            name: "worker SID is a task queue SID",
            token: .worker(workspaceSID: workspace, workerSID: queue),
            code: .invalidSID,
            phrase: "worker SID must be 'WK'"
        ),
        ErrorCase(
            name: "task queue SID malformed",
            token: .taskQueue(workspaceSID: workspace, taskQueueSID: "WQ123"),
            code: .invalidSID,
            phrase: "task queue SID must be 'WQ'"
        ),
        ErrorCase(
            name: "worker capability on a task queue token",
            token: .taskQueue(
                workspaceSID: workspace, taskQueueSID: queue, capabilities: [.webSockets, .updateActivities]),
            code: .invalidArgument,
            phrase: "the capabilities [updateActivities] apply only to worker tokens; this token is for a task queue"
        ),
        ErrorCase(
            name: "policy with a plain-http URL",
            token: TaskRouterCapabilityToken(
                workspaceSID: workspace,
                channel: .workspace,
                additionalPolicies: [TaskRouterPolicy(url: "http://taskrouter.twilio.com/v1", method: "GET")]
            ),
            code: .invalidArgument,
            phrase: "policies[0].url must be an https URL"
        ),
        ErrorCase(
            name: "policy with an unknown method",
            token: TaskRouterCapabilityToken(
                workspaceSID: workspace,
                channel: .workspace,
                additionalPolicies: [TaskRouterPolicy(url: "https://taskrouter.twilio.com/v1", method: "PATCH")]
            ),
            code: .invalidArgument,
            phrase: "policies[0].method must be GET, POST or DELETE"
        ),
        ErrorCase(
            name: "policy filter holding NaN",
            token: TaskRouterCapabilityToken(
                workspaceSID: workspace,
                channel: .workspace,
                additionalPolicies: [
                    TaskRouterPolicy(
                        url: "https://taskrouter.twilio.com/v1", method: "GET", queryFilter: ["x": .double(.nan)])
                ]
            ),
            code: .invalidGrant,
            phrase: "policies[0].query_filter.x is not a finite number"
        ),
    ]

    @Test("bad input gets a specific error without secrets", arguments: errorCases)
    func errors(_ testCase: ErrorCase) {
        do {
            _ = try testCase.token.jwt(signedWith: Self.credentials, issuedAt: 1_700_000_000)
            Issue.record("expected \(testCase.code)")
        } catch {
            #expect(error.code == testCase.code)
            #expect(error.message.contains(testCase.phrase), "message was: \(error.message)")
            for rendering in Canary.renderings(of: error) {
                #expect(Canary.leaks(in: rendering).isEmpty)
            }
        }
    }
}
