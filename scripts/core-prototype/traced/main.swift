#if canImport(Glibc)
import Glibc
#endif

// Feasibility prototype, plain values with a collector: ../plain with its arena replaced by a
// traced heap (below), so that memory is reclaimed as in Nix. See ../run.

struct Value { var tag: UInt64; var bits: UInt64 }  // tag 0 int, 1 bool, 2 closure, 3 thunk
let tInt: UInt64 = 0, tBool: UInt64 = 1, tClosure: UInt64 = 2, tThunk: UInt64 = 3

/// The traced heap: 48-byte blocks (every record fits one) in one reserved region, a mark byte per
/// block, a free list threaded through free blocks, and a mark-and-sweep collection once as many
/// blocks were allocated as survived the last one (at least 64 Ki). Roots: the evaluating thread's
/// stack, scanned conservatively with the registers spilled (traced/spill.c), and the outermost
/// scope. A word is taken as a reference if it points into a used block (interior pointers too).
let blockSize = 48
let regionBytes = 1 << 34
struct Heap {
  let base: UnsafeMutableRawPointer
  let marks: UnsafeMutablePointer<UInt8>
  var used = 0
  var free: UnsafeMutableRawPointer? = nil
  var allocated = 0
  var threshold = 1 << 16
  var collections = 0
  init() {
    let flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE
    base = mmap(nil, regionBytes, PROT_READ | PROT_WRITE, flags, -1, 0)!
    marks = mmap(nil, regionBytes / blockSize, PROT_READ | PROT_WRITE, flags, -1, 0)!.assumingMemoryBound(to: UInt8.self)
  }
}
nonisolated(unsafe) var heap = Heap()
nonisolated(unsafe) var stackHigh: UInt = 0
nonisolated(unsafe) var rootEnv: UnsafeMutableRawPointer? = nil

@inline(__always) func alloc() -> UnsafeMutableRawPointer {
  heap.allocated &+= 1
  if heap.allocated >= heap.threshold { collect() }
  let p: UnsafeMutableRawPointer
  if let f = heap.free {
    heap.free = f.load(as: UnsafeMutableRawPointer?.self)
    p = f
  } else {
    p = heap.base + heap.used * blockSize
    heap.used += 1
  }
  p.initializeMemory(as: UInt64.self, repeating: 0, count: blockSize / 8)
  return p
}

/// The block a word points into, if any.
@inline(__always) func blockIndex(_ word: UInt) -> Int? {
  let offset = word &- UInt(bitPattern: heap.base)
  guard offset < UInt(heap.used * blockSize) else { return nil }
  return Int(offset) / blockSize
}

nonisolated(unsafe) var markStack: [Int] = []
@inline(__always) func markWord(_ word: UInt) {
  guard let i = blockIndex(word), heap.marks[i] == 0 else { return }
  heap.marks[i] = 1
  markStack.append(i)
}

func collect() {
  proto_with_registers_spilled { scanAndSweep() }
}

@inline(never) func scanAndSweep() {
  heap.collections += 1
  var here = 0
  let low = withUnsafeMutablePointer(to: &here) { UInt(bitPattern: $0) } & ~7
  var w = low
  while w < stackHigh {
    markWord(UnsafePointer<UInt>(bitPattern: w)!.pointee)
    w += 8
  }
  if let r = rootEnv { markWord(UInt(bitPattern: r)) }
  while let i = markStack.popLast() {
    let block = (heap.base + i * blockSize).assumingMemoryBound(to: UInt.self)
    for k in 0..<(blockSize / 8) { markWord(block[k]) }
  }
  var live = 0
  heap.free = nil
  for i in stride(from: heap.used - 1, through: 0, by: -1) {
    if heap.marks[i] != 0 {
      heap.marks[i] = 0
      live += 1
    } else {
      let p = heap.base + i * blockSize
      p.storeBytes(of: heap.free, as: UnsafeMutableRawPointer?.self)
      heap.free = p
    }
  }
  heap.allocated = 0
  heap.threshold = max(1 << 16, live)
}

// Env: [parent: ptr][count][slots: Value...]
@inline(__always) func makeEnv(_ parent: UnsafeMutableRawPointer?, _ v: Value) -> UnsafeMutableRawPointer {
  let p = alloc()
  p.storeBytes(of: parent, as: UnsafeMutableRawPointer?.self)
  p.storeBytes(of: 1, toByteOffset: 8, as: Int.self)
  (p + 16).storeBytes(of: v, as: Value.self)
  return p
}
@inline(__always) func slot(_ env: UnsafeMutableRawPointer, _ level: Int32, _ s: Int32) -> UnsafeMutablePointer<Value> {
  var e = env; var l = level
  while l > 0 { e = e.load(as: UnsafeMutableRawPointer.self); l -= 1 }
  return (e + 16 + Int(s) * 16).assumingMemoryBound(to: Value.self)
}
// Closure: [node][env]. Thunk: [state][node][env][value(16)]
@inline(__always) func closure(_ n: Node, _ env: UnsafeMutableRawPointer) -> Value {
  let p = alloc()
  p.storeBytes(of: UnsafeMutableRawPointer(bitPattern: Int(n.i) + 1)!, as: UnsafeMutableRawPointer.self)
  (p + 8).storeBytes(of: env, as: UnsafeMutableRawPointer.self)
  return Value(tag: tClosure, bits: UInt64(UInt(bitPattern: p)))
}
@inline(__always) func thunk(_ n: Node, _ env: UnsafeMutableRawPointer) -> Value {
  let p = alloc()
  p.storeBytes(of: 0, as: Int.self)
  (p + 8).storeBytes(of: UnsafeMutableRawPointer(bitPattern: Int(n.i) + 1)!, as: UnsafeMutableRawPointer.self)
  (p + 16).storeBytes(of: env, as: UnsafeMutableRawPointer.self)
  return Value(tag: tThunk, bits: UInt64(UInt(bitPattern: p)))
}
struct EvalError: Error { let message: String }
var depth = 0

@inline(__always) func force(_ v: Value) throws(EvalError) -> Value {
  if v.tag != tThunk { return v }
  return try forceThunk(UnsafeMutableRawPointer(bitPattern: UInt(v.bits))!)
}
@inline(never) func forceThunk(_ p: UnsafeMutableRawPointer) throws(EvalError) -> Value {
  let state = p.load(as: Int.self)
  if state == 2 { return (p + 24).load(as: Value.self) }
  if state == 1 { throw EvalError(message: "infinite recursion") }
  p.storeBytes(of: 1, as: Int.self)
  let n = Node(i: Int32(Int(bitPattern: (p + 8).load(as: UnsafeRawPointer.self)) - 1))
  let env = (p + 16).load(as: UnsafeMutableRawPointer.self)
  depth += 1
  if depth > 1_000_000 { throw EvalError(message: "stack overflow") }
  let v: Value
  do { v = try eval(n, env) } catch { p.storeBytes(of: 0, as: Int.self); depth -= 1; throw error }
  depth -= 1
  p.storeBytes(of: 2, as: Int.self)
  (p + 24).storeBytes(of: v, as: Value.self)
  return v
}
@inline(__always) func delay(_ n: Node, _ env: UnsafeMutableRawPointer) throws(EvalError) -> Value {
  switch n.kind {
  case .int: return Value(tag: tInt, bits: UInt64(bitPattern: n.int))
  case .local: return slot(env, n.level, n.slot).pointee
  case .sub, .add:
    // eager arithmetic on computed operands, as nixinv does
    let l = operandNow(n.a, env), r = operandNow(n.b, env)
    if let l, let r { return Value(tag: tInt, bits: UInt64(bitPattern: n.kind == .sub ? l &- r : l &+ r)) }
    return thunk(n, env)
  default: return thunk(n, env)
  }
}
@inline(__always) func operandNow(_ n: Node, _ env: UnsafeMutableRawPointer) -> Int64? {
  switch n.kind {
  case .int: return n.int
  case .local:
    let v = slot(env, n.level, n.slot).pointee
    if v.tag == tInt { return Int64(bitPattern: v.bits) }
    if v.tag == tThunk {
      let p = UnsafeMutableRawPointer(bitPattern: UInt(v.bits))!
      if p.load(as: Int.self) == 2 { let w = (p + 24).load(as: Value.self); if w.tag == tInt { return Int64(bitPattern: w.bits) } }
    }
    return nil
  default: return nil
  }
}
var callDepth = 0
func call(_ f: Value, _ arg: Value) throws(EvalError) -> Value {
  guard f.tag == tClosure else { throw EvalError(message: "not a function") }
  let p = UnsafeMutableRawPointer(bitPattern: UInt(f.bits))!
  let lam = Node(i: Int32(Int(bitPattern: p.load(as: UnsafeRawPointer.self)) - 1))
  let cenv = (p + 8).load(as: UnsafeMutableRawPointer.self)
  let env = makeEnv(cenv, arg)
  callDepth += 1
  defer { callDepth -= 1 }
  if callDepth > 10_000 { throw EvalError(message: "max-call-depth") }
  return try eval(lam.a, env)
}
@inline(__always) func int(_ v: Value) throws(EvalError) -> Int64 {
  guard v.tag == tInt else { throw EvalError(message: "not an int") }
  return Int64(bitPattern: v.bits)
}
func eval(_ n: Node, _ env: UnsafeMutableRawPointer) throws(EvalError) -> Value {
  switch n.kind {
  case .int: return Value(tag: tInt, bits: UInt64(bitPattern: n.int))
  case .local:
    let s = slot(env, n.level, n.slot)
    let v = try force(s.pointee)
    s.pointee = v
    return v
  case .lambda: return closure(n, env)
  case .call1:
    let f = try eval(n.a, env)
    return try call(f, try delay(n.b, env))
  case .call2:
    let f = try eval(n.a, env)
    let g = try call(f, try delay(n.b, env))
    return try call(g, try delay(n.c, env))
  case .ifte:
    let c = try eval(n.a, env)
    guard c.tag == tBool else { throw EvalError(message: "not a bool") }
    return try eval(c.bits != 0 ? n.b : n.c, env)
  case .add:
    let (r, o) = try int(eval(n.a, env)).addingReportingOverflow(try int(eval(n.b, env)))
    if o { throw EvalError(message: "overflow") }
    return Value(tag: tInt, bits: UInt64(bitPattern: r))
  case .sub:
    let (r, o) = try int(eval(n.a, env)).subtractingReportingOverflow(try int(eval(n.b, env)))
    if o { throw EvalError(message: "overflow") }
    return Value(tag: tInt, bits: UInt64(bitPattern: r))
  case .lt: return Value(tag: tBool, bits: try int(eval(n.a, env)) < int(eval(n.b, env)) ? 1 : 0)
  case .eq: return Value(tag: tBool, bits: try int(eval(n.a, env)) == int(eval(n.b, env)) ? 1 : 0)
  }
}

let which = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "fib"
stackHigh = proto_stack_top()
let root = alloc()
rootEnv = root
root.storeBytes(of: nil, as: UnsafeMutableRawPointer?.self)
root.storeBytes(of: 1, toByteOffset: 8, as: Int.self)
do throws(EvalError) {
  guard which != "startup" else { exit(0) }
  let lambda = which == "fib" ? fibLambda() : ackLambda()
  seal()
  (root + 16).storeBytes(of: closure(lambda, root), as: Value.self)
  let f = slot(root, 0, 0).pointee
  let result = which == "fib"
    ? try call(f, Value(tag: tInt, bits: 25))
    : try call(try call(f, Value(tag: tInt, bits: 2)), Value(tag: tInt, bits: 300))
  print(Int64(bitPattern: result.bits))
  if CommandLine.arguments.count > 2 {
    fputs("collections: \(heap.collections), blocks: \(heap.used)\n", stderr)
  }
} catch { print(error.message) }
