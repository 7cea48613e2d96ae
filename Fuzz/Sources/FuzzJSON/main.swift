// Fuzz target for the strict JSON reader (`JSONReader.swift`) that parses untrusted token headers and
// claims.
//
// Built with `-DFUZZING -parse-as-library` and libFuzzer (see `Scripts/fuzz.sh FuzzJSON`), this file is
// only the `LLVMFuzzerTestOneInput` entry point. Built plainly (`swift build`), it is a program that
// replays the files and directories given as arguments through the same checks, so CI can run the
// committed corpus without libFuzzer: `swift run FuzzJSON Fuzz/Corpus/FuzzJSON`.
//
// Every check traps with `fatalError`, which libFuzzer reports as a crash and saves the input. Crashes,
// stack overflows and hangs inside the reader are found by libFuzzer and AddressSanitizer themselves.

import TwilioJWT

#if !FUZZING
import FuzzSupport
#endif

/// The checks run on one input.
enum Harness {
    /// The depth limit a verifier uses (security reference §1.1 R18), and a looser one to compare with.
    static let depthLimit = 16
    static let looseDepthLimit = 64

    static func run(_ input: UnsafeBufferPointer<UInt8>) {
        let result = Result { () throws(JSONReader.Failure) in try JSONReader.parse(input) }

        // 1. The depth limit only ever adds `tooDeep` failures: up to the 17th level the reader does the same
        //    work whatever the limit, so any other outcome must be the same under a looser limit.
        if case .failure(let failure) = result, failure.kind == .tooDeep {
            guard failure.reason.contains("\(Self.depthLimit)") else {
                fatalError("tooDeep failure that does not name the limit: \(failure)")
            }
        } else {
            let loose = Result { () throws(JSONReader.Failure) in
                try JSONReader.parse(input, maximumDepth: Self.looseDepthLimit)
            }
            guard loose == result else {
                fatalError("result depends on the depth limit although the text is not too deep")
            }
        }

        switch result {
        case .failure(let failure):
            // 2. A failure points into the input and never carries much of it (security reference §4).
            guard (0...input.count).contains(failure.offset) else {
                fatalError("failure offset \(failure.offset) outside 0...\(input.count)")
            }
            guard failure.description.utf8.count <= 160 else {
                fatalError("failure message of \(failure.description.utf8.count) bytes")
            }
        case .success(let value):
            // 3. Only UTF-8 without a byte-order mark is accepted (RFC 8725 §3.7), judged by the standard
            //    library's own validator. The round trip below cannot see an encoding bug: the reader builds
            //    strings with `String(decoding:)`, which would quietly repair an overlong or surrogate sequence.
            // (`String(decoding:)` replaces invalid sequences, so a repaired string does not equal the input.)
            guard String(decoding: input, as: UTF8.self).utf8.elementsEqual(input) else {
                fatalError("accepted text that is not valid UTF-8")
            }
            guard !input.starts(with: [0xEF, 0xBB, 0xBF]) else {
                fatalError("accepted text that starts with a byte-order mark")
            }
            // 4. What `JSONValue.description` writes (json.dumps format) reads back as the same value,
            //    and writing that again gives the same bytes.
            let text = value.description
            let reparsed: JSONValue
            do throws(JSONReader.Failure) {
                reparsed = try JSONReader.parse(text)
            } catch {
                fatalError("description of an accepted value does not parse: \(error)")
            }
            guard reparsed == value else {
                fatalError("description does not round-trip: \(text)")
            }
            guard reparsed.description == text else {
                fatalError("description is not stable: \(text)")
            }
        }
    }
}

#if FUZZING
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Harness.run(UnsafeBufferPointer(start: data, count: size))
    return 0
}
#else
// The program. A declaration rather than a statement, because `-parse-as-library` (the fuzzing build) parses
// this inactive branch too and refuses statements at the top level; in a plain build it runs as top-level code.
let replayedCount = replay(Array(CommandLine.arguments.dropFirst()), name: "FuzzJSON") { Harness.run($0) }
#endif
