/// A growable array of plain records read without reference counting or bounds checks in
/// release builds: the compiled tree's tables. Its storage is never freed (it lives as long as
/// the evaluator's program). Never hold a pointer into it across an append.
struct Table<Element> {
  private(set) var base: UnsafeMutablePointer<Element>
  private(set) var count = 0
  private var capacity: Int

  init() {
    capacity = 64
    base = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
  }

  @inline(__always) subscript(i: Int) -> Element {
    get {
      assert(i >= 0 && i < count)
      return base[i]
    }
    set {
      assert(i >= 0 && i < count)
      base[i] = newValue
    }
  }

  @inline(__always) subscript(i: Int32) -> Element {
    get { self[Int(i)] }
    set { self[Int(i)] = newValue }
  }

  /// Appends `element`, returning its index.
  @discardableResult mutating func append(_ element: Element) -> Int32 {
    if count == capacity {
      let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
      bigger.moveInitialize(from: base, count: count)
      base.deallocate()
      base = bigger
      capacity *= 2
    }
    (base + count).initialize(to: element)
    count += 1
    return Int32(count - 1)
  }
}
