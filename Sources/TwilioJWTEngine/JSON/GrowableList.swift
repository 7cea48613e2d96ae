/// A list of trivial values in memory a ``JSONDocument/Builder`` manages: first a place in its block, then, if it
/// outgrows that, an allocation of its own that doubles as needed.
///
/// The list does not free its memory by itself: the builder frees an owned allocation it does not hand over
/// (``deallocateIfOwned()``), and the document frees the ones it takes.
@safe struct GrowableList<Element: BitwiseCopyable> {
    /// The first element; `capacity` places, of which the first `count` are initialised.
    private(set) var base: UnsafeMutablePointer<Element>
    var count = 0
    private var capacity: Int
    /// Whether `base` is an allocation of its own (else a place in the builder's block).
    private(set) var isOwned = false

    /// A list in the `capacity` places at `base`, which stay valid as long as the list is used.
    init(_ base: UnsafeMutablePointer<Element>, capacity: Int) {
        // Safe: the caller keeps `capacity` places at `base` valid for as long as the list is used.
        unsafe self.base = base
        self.capacity = capacity
    }

    subscript(index: Int) -> Element {
        @inline(__always) get {
            precondition(index < self.count, "GrowableList index out of range")
            // Safe: index < count <= capacity.
            return unsafe self.base[index]
        }
        @inline(__always) nonmutating set {
            precondition(index < self.count, "GrowableList index out of range")
            // Safe: index < count <= capacity.
            unsafe self.base[index] = newValue
        }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if self.count == self.capacity {
            self.grow(toAtLeast: self.count + 1)
        }
        // Safe: count < capacity.
        unsafe (self.base + self.count).initialize(to: element)
        self.count += 1
    }

    /// Appends the `count` elements at `elements`, which must not be this list's own storage.
    mutating func append(contentsOf elements: UnsafePointer<Element>, count: Int) {
        if self.count + count > self.capacity {
            self.grow(toAtLeast: self.count + count)
        }
        // Element by element: the lists hold a few entries per object, fewer than a call to memmove is worth.
        for offset in 0..<count {
            // Safe: self.count + count <= capacity; offset < count elements at `elements`.
            unsafe (self.base + self.count + offset).initialize(to: elements[offset])
        }
        self.count += count
    }

    @inline(never)
    private mutating func grow(toAtLeast minimum: Int) {
        var newCapacity = self.capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        // Safe: the new allocation holds the `count` initialised elements copied into it; the old one is freed only
        // if it is the list's own.
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        unsafe newBase.initialize(from: self.base, count: self.count)
        self.deallocateIfOwned()
        unsafe self.base = newBase
        self.capacity = newCapacity
        self.isOwned = true
    }

    /// Frees the list's own allocation, if it has one; the list must not be used afterwards.
    func deallocateIfOwned() {
        // Safe: an owned allocation belongs to this list alone.
        if self.isOwned { unsafe self.base.deallocate() }
    }
}
