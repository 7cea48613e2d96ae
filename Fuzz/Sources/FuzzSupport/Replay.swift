// Corpus replay for the fuzz targets: built without libFuzzer, each target is a program that runs its committed
// corpus (or a crash input) through the same checks, so CI can replay it without a fuzzing build.

// Internal: the targets that import this module must not see Foundation's overloads of standard library names.
internal import Foundation

/// Runs every file named in `paths`, and every file under every directory named, through `harness`, so the
/// committed corpus can be replayed without libFuzzer. Returns the number of inputs; exits with status 2 if
/// there is nothing to replay or a path cannot be read.
public func replay(_ paths: [String], name: String, through harness: (UnsafeBufferPointer<UInt8>) -> Void) -> Int {
    func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("\(name): \(message)\n".utf8))
        exit(2)
    }
    guard !paths.isEmpty else {
        fail("usage: \(name) FILE_OR_DIRECTORY...")
    }
    let files = FileManager.default
    var count = 0
    for path in paths {
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else {
            fail("no such file or directory: \(path)")
        }
        var inputs = [path]
        if isDirectory.boolValue {
            let children = (files.subpaths(atPath: path) ?? []).sorted().map { path + "/" + $0 }
            inputs = children.filter { child in
                var isChildDirectory: ObjCBool = false
                return files.fileExists(atPath: child, isDirectory: &isChildDirectory) && !isChildDirectory.boolValue
            }
        }
        for input in inputs {
            guard let data = files.contents(atPath: input) else {
                fail("cannot read \(input)")
            }
            data.withUnsafeBytes { harness($0.bindMemory(to: UInt8.self)) }
            count += 1
        }
    }
    print("\(name): replayed \(count) inputs; every check passed")
    return count
}
