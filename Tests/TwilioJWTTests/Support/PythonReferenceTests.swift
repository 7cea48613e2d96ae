import Testing
import TwilioJWTTestSupport

/// The differential tests run only where twilio-python 9.13.0 and PyJWT can be imported (trait `.pythonReference`),
/// so that `swift test` passes on a machine without Python. `Scripts/test.sh` installs them and sets
/// `TWILIO_JWT_REQUIRE_REFERENCE=1`: then this test fails if they were skipped all the same.
@Suite("Python reference")
struct PythonReferenceTests {
    @Test("the reference is importable whenever the run requires it")
    func availableWhenRequired() {
        if PythonReference.isRequired {
            #expect(
                PythonReference.isAvailable,
                "TWILIO_JWT_REQUIRE_REFERENCE=1 but python3 cannot import twilio 9.13.0 and jwt: the differential tests were skipped"
            )
        }
    }
}
