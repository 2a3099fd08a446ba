/// A value of the next core: two plain words (a payload and a tag), copied without reference
/// counting. Scalars are held in the payload; everything else is the address of a record on the
/// traced heap (``CoreHeap``), or, for literals, of a permanent record outside it.
///
/// A value lives only in a heap record, on the evaluating thread's stack (or registers), or in
/// a registered root: the collector finds nothing else. Never keep values in a Swift array or
/// dictionary across anything that may allocate.
public struct Value {
  /// The payload: an integer, a float's bits, a Boolean, a primop number or a record address.
  public var bits: UInt64
  /// What the payload is.
  public var tag: Tag

  @inline(__always) public init(_ tag: Tag, _ bits: UInt64) {
    self.tag = tag
    self.bits = bits
  }

  /// What a value is.
  public enum Tag: UInt8 {
    case null, bool, int, float
    /// A string record (``StringRecord``).
    case string
    /// A path: a string record holding an absolute, canonical path.
    case path
    /// A list record (``ListRecord``).
    case list
    /// A set record (``AttrsRecord``).
    case attrs
    /// A closure record (``ClosureRecord``).
    case lambda
    /// A builtin applied to nothing: the payload is its number.
    case primop
    /// A builtin applied to some of its arguments (``PartialRecord``).
    case partial
    /// A thunk record (``ThunkRecord``).
    case thunk
  }

  @inline(__always) public static var null: Value { Value(.null, 0) }
  @inline(__always) public static var `true`: Value { Value(.bool, 1) }
  @inline(__always) public static var `false`: Value { Value(.bool, 0) }
  @inline(__always) public static func bool(_ b: Bool) -> Value { Value(.bool, b ? 1 : 0) }
  @inline(__always) public static func int(_ i: Int64) -> Value { Value(.int, UInt64(bitPattern: i)) }
  @inline(__always) public static func float(_ d: Double) -> Value { Value(.float, d.bitPattern) }

  @inline(__always) public var asInt: Int64 { Int64(bitPattern: bits) }
  @inline(__always) public var asFloat: Double { Double(bitPattern: bits) }
  @inline(__always) public var asBool: Bool { bits != 0 }
  /// The record the payload addresses (for the record-holding tags).
  @inline(__always) public var record: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: UInt(bits))! }
  @inline(__always) init(_ tag: Tag, record: UnsafeMutableRawPointer) {
    self.tag = tag
    self.bits = UInt64(UInt(bitPattern: record))
  }

  /// Nix's name for the type, as `builtins.typeOf` gives it.
  public var typeName: String {
    switch tag {
    case .null: "null"
    case .bool: "bool"
    case .int: "int"
    case .float: "float"
    case .string: "string"
    case .path: "path"
    case .list: "list"
    case .attrs: "set"
    case .lambda, .primop, .partial: "lambda"
    case .thunk: "thunk"
    }
  }

  /// The type with an article, as Nix's errors say it.
  public var typeDescription: String {
    switch tag {
    case .null: "null"
    case .bool: "a Boolean"
    case .int: "an integer"
    case .float: "a float"
    case .string: "a string"
    case .path: "a path"
    case .list: "a list"
    case .attrs: "a set"
    case .lambda, .primop, .partial: "a function"
    case .thunk: "a thunk"
    }
  }

  /// Whether the value can be called (sets with `__functor` aside).
  public var isFunction: Bool { tag == .lambda || tag == .primop || tag == .partial }
}
