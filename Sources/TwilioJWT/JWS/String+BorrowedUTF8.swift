extension String {
    /// Calls `body` with the string's UTF-8, borrowed where it is stored. Copying the string to call its mutating
    /// `withUTF8` retains and releases it, for every string a token writes and every token a verifier reads; only a
    /// string without contiguous UTF-8 (a bridged one) is copied.
    @inline(__always)
    func withBorrowedUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        if let result = self.utf8.withContiguousStorageIfAvailable(body) {
            return result
        }
        var copy = self
        return copy.withUTF8(body)
    }
}
