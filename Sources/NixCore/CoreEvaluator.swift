#if canImport(Glibc)
  import Glibc
#endif
import NixLexer
import NixParser

/// A builtin of the next core: its name, how many arguments it takes (one to three), and its
/// body, which receives the arguments unevaluated.
struct PrimOpInfo {
  typealias Body = (CoreEvaluator, Value, Value, Value, Span) throws(CoreError) -> Value
  let name: String
  let arity: Int
  let body: Body
}

/// Options of a next-core evaluation.
public struct CoreOptions {
  /// Nested function calls allowed (Nix's `max-call-depth`).
  public var maxCallDepth = 10_000
  /// Nested thunk evaluations allowed.
  public var maxEvalDepth = 1_000_000
  /// `builtins.currentSystem`.
  public var currentSystem = "x86_64-linux"
  public init() {}
}

/// The next core: a tree-walking evaluator over the compiled tree, with values of two plain
/// words and records on a traced heap (see ``Value``). It must be made, used and dropped on
/// one thread: the collector scans that thread's stack.
public final class CoreEvaluator {
  public let symbols: SymbolTable
  public let sources: SourceMap
  public let heap: CoreHeap
  public var options: CoreOptions
  var program: CompiledProgram
  /// The outermost scope (kept as a root).
  var globalEnv: UnsafeMutableRawPointer
  let globalNames: [String]
  var primops: [PrimOpInfo] = []
  /// Each builtin's arity and body by number, read in calls without copying its name.
  var primopArity = Table<Int>()
  var primopBodies = Table<PrimOpInfo.Body>()
  /// Builtin numbers by name.
  var primopIndex: [String: Int] = [:]
  var callDepth = 0
  var evalDepth = 0
  /// The lowest stack address evaluation may use.
  let stackLimit: UInt
  /// Imported files by path: the root index of their value.
  var importCache: [String: Int] = [:]
  /// String contexts by index (``StringRecord/context`` - 1).
  var contexts: [[String]] = []
  /// Attribute names as permanent string records, by symbol (0: not made yet).
  var nameStrings: [UInt64] = []
  let names: WellKnownSymbols
  /// The empty string and list, permanent.
  let emptyString: Value
  let emptyList: Value
  let emptyAttrs: Value

  public init(symbols: SymbolTable = SymbolTable(), sources: SourceMap = SourceMap(), options: CoreOptions = CoreOptions()) {
    self.symbols = symbols
    self.sources = sources
    self.options = options
    self.heap = CoreHeap()
    self.program = CompiledProgram()
    self.names = WellKnownSymbols(symbols)
    self.stackLimit = CoreEvaluator.currentStackLimit()
    let globals = NixGlobals.names
    self.globalNames = globals
    for name in globals { _ = symbols.intern(name) }
    emptyString = Value(.string, record: StringRecord.permanent([UInt8]()).base)
    let list = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16)
    list.storeBytes(of: 0, as: Int.self)
    emptyList = Value(.list, record: list)
    let attrs = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16)
    attrs.storeBytes(of: 0, as: Int.self)
    emptyAttrs = Value(.attrs, record: attrs)
    globalEnv = UnsafeMutableRawPointer.allocate(byteCount: 16, alignment: 16)
    registerBuiltins()
    globalEnv = makeGlobalEnv()
    heap.keep(Value(.lambda, record: globalEnv))  // the tag is irrelevant: the root is traced as words
  }

  // MARK: - Entry points

  /// Parses, binds and compiles `file`, returning its root node.
  func compile(_ file: SourceFile) throws(CoreError) -> Int32 {
    let result = parse(file, symbols: symbols, options: ParserOptions(globals: globalNames))
    guard let expr = result.expression else {
      let first = result.diagnostics.first { $0.severity == .error }
      throw CoreError(.syntax, first?.message ?? "syntax error", at: first?.span ?? .noPosition)
    }
    var lowering = Lowering(program: program, symbols: symbols, globalNames: globalNames)
    let root = lowering.lower(expr)
    program = lowering.program
    return root
  }

  /// Evaluates `file` to weak head normal form.
  public func evaluate(file: SourceFile) throws(CoreError) -> Value {
    let root = try compile(file)
    return try eval(root, globalEnv)
  }

  /// Evaluates `file` and prints its value as `nix-instantiate --eval --strict` does.
  public func evaluateAndPrint(file: SourceFile) throws(CoreError) -> [UInt8] {
    let value = try evaluate(file: file)
    return try printStrict(value)
  }

  // MARK: - Allocation

  @inline(__always) func makeEnv(_ parent: UnsafeMutableRawPointer?, _ count: Int, isWith: Bool = false) -> UnsafeMutableRawPointer {
    let p = heap.allocate(EnvRecord.size(count))
    p.storeBytes(of: parent, as: UnsafeMutableRawPointer?.self)
    p.storeBytes(of: count << 1 | (isWith ? 1 : 0), toByteOffset: 8, as: Int.self)
    return p
  }

  @inline(__always) func thunk(_ node: Int32, _ env: UnsafeMutableRawPointer) -> Value {
    let p = heap.allocate(ThunkRecord.size)
    p.storeBytes(of: Int(node) << 16, as: Int.self)
    p.storeBytes(of: env, toByteOffset: 8, as: UnsafeMutableRawPointer.self)
    return Value(.thunk, record: p)
  }

  /// A thunk for `f a`.
  @inline(__always) func application(_ f: Value, _ a: Value) -> Value {
    let p = heap.allocate(ThunkRecord.size)
    p.storeBytes(of: ThunkRecord.application | ThunkRecord.application << 8 | Int(f.tag.rawValue) << 16, as: Int.self)
    p.storeBytes(of: f.bits, toByteOffset: 8, as: UInt64.self)
    (p + 16).storeBytes(of: a, as: Value.self)
    return Value(.thunk, record: p)
  }

  /// A thunk for attribute `symbol` of `source` (`inherit (source) name;`).
  func attributeThunk(_ source: Value, _ symbol: UInt32, _ position: Int32) -> Value {
    let p = heap.allocate(ThunkRecord.size)
    let head = ThunkRecord.attribute | ThunkRecord.attribute << 8 | Int(source.tag.rawValue) << 16
    p.storeBytes(of: head | Int(position) << 32, as: Int.self)
    p.storeBytes(of: source.bits, toByteOffset: 8, as: UInt64.self)
    p.storeBytes(of: Int(symbol), toByteOffset: 16, as: Int.self)
    return Value(.thunk, record: p)
  }

  @inline(__always) func closure(_ lambda: Int32, _ env: UnsafeMutableRawPointer) -> Value {
    let p = heap.allocate(ClosureRecord.size)
    p.storeBytes(of: Int(lambda), as: Int.self)
    p.storeBytes(of: env, toByteOffset: 8, as: UnsafeMutableRawPointer.self)
    return Value(.lambda, record: p)
  }

  /// A new list of `count` items, all null until filled.
  @inline(__always) func makeList(_ count: Int) -> ListRecord {
    let p = heap.allocate(ListRecord.size(count))
    p.storeBytes(of: count, as: Int.self)
    return ListRecord(p)
  }

  /// A new set with room for `capacity` entries and a count of `capacity`.
  @inline(__always) func makeAttrs(_ capacity: Int) -> AttrsRecord {
    let p = heap.allocate(AttrsRecord.size(capacity))
    p.storeBytes(of: capacity, as: Int.self)
    return AttrsRecord(p)
  }

  /// A new string of `count` bytes to fill, with `context`.
  @inline(__always) func makeString(count: Int, context: Int = 0) -> StringRecord {
    let p = heap.allocate(StringRecord.size(count))
    p.storeBytes(of: count, as: Int.self)
    p.storeBytes(of: context, toByteOffset: 8, as: Int.self)
    return StringRecord(p)
  }

  /// A string value of `bytes`.
  func string(_ bytes: some Collection<UInt8>, context: Int = 0, tag: Value.Tag = .string) -> Value {
    if bytes.isEmpty && context == 0 && tag == .string { return emptyString }
    let s = makeString(count: bytes.count, context: context)
    var i = 0
    for b in bytes {
      s.mutableBytes[i] = b
      i += 1
    }
    return Value(tag, record: s.base)
  }

  /// A string value of Swift text.
  func string(_ text: String) -> Value { string(Array(text.utf8)) }

  // MARK: - Scopes

  @inline(__always) func slot(_ env: UnsafeMutableRawPointer, _ level: Int32, _ slot: Int32) -> UnsafeMutablePointer<Value> {
    var e = env
    var l = level
    while l > 0 {
      e = e.load(as: UnsafeMutableRawPointer.self)
      l -= 1
    }
    return EnvRecord(e).slots + Int(slot)
  }

  // MARK: - Forcing

  /// `value` in weak head normal form.
  @inline(__always) public func force(_ value: Value) throws(CoreError) -> Value {
    if value.tag != .thunk { return value }
    let p = value.record
    if ThunkRecord.state(p) == ThunkRecord.done { return ThunkRecord.value(p) }
    return try forceThunk(p)
  }

  @inline(never) func forceThunk(_ p: UnsafeMutableRawPointer) throws(CoreError) -> Value {
    let head = p.load(as: Int.self)
    let state = head & 0xFF
    switch state {
    case ThunkRecord.done: return ThunkRecord.value(p)
    case ThunkRecord.running:
      throw CoreError(.infiniteRecursion, "infinite recursion encountered", at: runningSpan(p))
    default: break
    }
    evalDepth += 1
    defer { evalDepth -= 1 }
    if evalDepth > options.maxEvalDepth || (evalDepth & 15 == 0 && stackExhausted()) {
      throw CoreError(.stackOverflow, "stack overflow (possible infinite recursion)", at: .noPosition)
    }
    p.storeBytes(of: UInt8(ThunkRecord.running), as: UInt8.self)
    let v: Value
    do {
      let word = p.load(fromByteOffset: 8, as: UInt64.self)
      switch state {
      case ThunkRecord.application:
        let f = Value(Value.Tag(rawValue: UInt8(truncatingIfNeeded: head >> 16))!, word)
        v = try force(try call(f, (p + 16).load(as: Value.self), at: .noPosition))
      case ThunkRecord.attribute:
        let source = try force(Value(Value.Tag(rawValue: UInt8(truncatingIfNeeded: head >> 16))!, word))
        let symbol = UInt32(truncatingIfNeeded: p.load(fromByteOffset: 16, as: Int.self))
        let position = Int32(truncatingIfNeeded: head >> 32)
        v = try force(try attribute(source, symbol, at: program.positions[position]))
      default:
        let node = Int32(truncatingIfNeeded: head >> 16)
        v = try eval(node, UnsafeMutableRawPointer(bitPattern: UInt(word))!)
      }
    } catch {
      p.storeBytes(of: UInt8(state), as: UInt8.self)
      throw error
    }
    (p + 16).storeBytes(of: v, as: Value.self)
    p.storeBytes(of: 0, toByteOffset: 8, as: UInt64.self)
    p.storeBytes(of: UInt8(ThunkRecord.done), as: UInt8.self)
    return v
  }

  /// Where a thunk being computed came from, for "infinite recursion".
  func runningSpan(_ p: UnsafeMutableRawPointer) -> Span { .noPosition }

  /// Forces every part of `value` (lists and sets deeply), as `deepSeq` does; a list or set met
  /// again (a cycle, or shared) is not walked twice.
  func forceDeep(_ value: Value) throws(CoreError) {
    var seen = Set<UInt64>()
    try forceDeep(value, seen: &seen, depth: 0)
  }

  func forceDeep(_ value: Value, seen: inout Set<UInt64>, depth: Int) throws(CoreError) {
    let v = try force(value)
    if depth & 63 == 0 && stackExhausted() {
      throw CoreError(.stackOverflow, "stack overflow; max-call-depth exceeded", at: .noPosition)
    }
    switch v.tag {
    case .list:
      guard seen.insert(v.bits).inserted else { return }
      let l = ListRecord(v)
      for i in 0..<l.count { try forceDeep(l[i], seen: &seen, depth: depth + 1) }
    case .attrs:
      guard seen.insert(v.bits).inserted else { return }
      let a = AttrsRecord(v)
      for i in 0..<a.count { try forceDeep(a.value(i), seen: &seen, depth: depth + 1) }
    default: break
    }
  }

  // MARK: - Stack

  @inline(__always) func stackExhausted() -> Bool {
    var marker = 0
    return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) } < stackLimit
  }

  static func currentStackLimit() -> UInt {
    var marker = 0
    let here = withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    var attr = pthread_attr_t()
    if coreGetThreadAttributes(pthread_self(), &attr) == 0 {
      defer { pthread_attr_destroy(&attr) }
      var address: UnsafeMutableRawPointer? = nil
      var size = 0
      if pthread_attr_getstack(&attr, &address, &size) == 0, let address {
        let low = UInt(bitPattern: address)
        if here > low, here - low <= UInt(size) { return low + min(512 * 1024, (here - low) / 4) }
        return 0
      }
    }
    return here - min(here, 4 * 1024 * 1024)
  }
}

@_silgen_name("pthread_getattr_np")
func coreGetThreadAttributes(_ thread: pthread_t, _ attr: UnsafeMutablePointer<pthread_attr_t>) -> Int32

/// Symbols the evaluator itself needs.
struct WellKnownSymbols {
  let functor, toString, outPath, name, value, type, file, line, column, derivation, overrides: UInt32
  init(_ symbols: SymbolTable) {
    overrides = symbols.intern("__overrides").id
    functor = symbols.intern("__functor").id
    toString = symbols.intern("__toString").id
    outPath = symbols.intern("outPath").id
    name = symbols.intern("name").id
    value = symbols.intern("value").id
    type = symbols.intern("type").id
    file = symbols.intern("file").id
    line = symbols.intern("line").id
    column = symbols.intern("column").id
    derivation = symbols.intern("derivation").id
  }
}

extension CoreEvaluator {
  /// Evaluates `file` and writes its value as `builtins.toJSON` does.
  public func evaluateToJSON(file: SourceFile) throws(CoreError) -> [UInt8] {
    let value = try evaluate(file: file)
    var out: [UInt8] = []
    var context: [String] = []
    try writeJSON(value, to: &out, context: &context, at: .noPosition)
    return out
  }
}
