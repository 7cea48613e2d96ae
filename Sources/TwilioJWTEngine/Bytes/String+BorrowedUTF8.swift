extension String {
    /// Calls `body` with the string's UTF-8, borrowed where it is stored; only a string without contiguous UTF-8 (a
    /// bridged one) is copied. Calling the mutating `withUTF8` on a copy retains and releases the string, for every
    /// string a token writes and every token a verifier reads.
    @inlinable @inline(__always)
    func withBorrowedUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        // Safe: both paths hand `body` a buffer that is valid for the duration of the call only.
        if let result = unsafe self.utf8.withContiguousStorageIfAvailable(body) {
            return result
        }
        var copy = self
        return copy.withUTF8(body)
    }
}
