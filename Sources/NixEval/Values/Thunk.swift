import NixLexer
import NixParser

/// The fixed part of an ``Env``.
public struct EnvHeader {
  /// The enclosing scope.
  let parent: Env?
  /// The number of slots.
  let slotCount: Int32
  /// Whether this is a `with` frame, whose slot 0 holds the scope's set.
  public let isWith: Bool
}

/// One scope's values at run time, mirroring the ``Binder``'s frames: a lambda's parameter and
/// formals, a `let`'s or `rec` set's attributes, or (for `with`) the one scope value.
///
/// The slots are stored in the same allocation as the header: creating a scope is one
/// allocation.
public final class Env: ManagedBuffer<EnvHeader, Value> {
  @inline(__always)
  static func header(_ parent: Env?, _ count: Int, _ isWith: Bool) -> EnvHeader {
    EnvHeader(parent: parent, slotCount: Int32(truncatingIfNeeded: count), isWith: isWith)
  }

  /// A scope of `count` slots, all `null` until filled.
  public static func make(parent: Env?, count: Int, isWith: Bool = false) -> Env {
    let buffer = Env.create(minimumCapacity: count) { _ in header(parent, count, isWith) }
    let env = unsafeDowncast(buffer, to: Env.self)
    env.withUnsafeMutablePointerToElements { $0.initialize(repeating: .null, count: count) }
    return env
  }

  /// A scope holding `values`.
  public static func make(parent: Env?, values: [Value], isWith: Bool = false) -> Env {
    let count = values.count
    let buffer = Env.create(minimumCapacity: count) { _ in header(parent, count, isWith) }
    let env = unsafeDowncast(buffer, to: Env.self)
    env.withUnsafeMutablePointerToElements { p in
      values.withUnsafeBufferPointer { _ = UnsafeMutableBufferPointer(start: p, count: count).initialize(from: $0) }
    }
    return env
  }

  /// A scope of one slot (a plain lambda's argument, a `with`'s scope).
  @inline(__always)
  public static func make(parent: Env?, single value: consuming Value, isWith: Bool = false) -> Env {
    let buffer = Env.create(minimumCapacity: 1) { _ in header(parent, 1, isWith) }
    let env = unsafeDowncast(buffer, to: Env.self)
    // The slots' address, taken out of the closure so that `value` is moved in, not copied
    // (the slots of a ManagedBuffer never move).
    env.withUnsafeMutablePointerToElements { $0 }.initialize(to: value)
    return env
  }

  /// The enclosing scope of `env`, read without retaining it (`env` keeps it alive).
  @inline(__always)
  static func up(_ env: Env) -> Unmanaged<Env> {
    env.withUnsafeMutablePointerToHeader { header in
      (UnsafeRawPointer(header) + MemoryLayout<EnvHeader>.offset(of: \EnvHeader.parent).unsafelyUnwrapped).load(as: Unmanaged<Env>.self)
    }
  }

  deinit {
    // Slot by slot: `deinitialize(count:)` on many elements goes through the runtime's generic
    // array destruction, which costs more than the usual one or two slots.
    let count = Int(header.slotCount)
    withUnsafeMutablePointerToElements { elements in
      var i = 0
      while i < count {
        (elements + i).deinitialize(count: 1)
        i += 1
      }
    }
  }

  /// The enclosing scope (`nil` for the outermost one).
  @inline(__always) public var parent: Env? { header.parent }
  @inline(__always) public var isWith: Bool { header.isWith }
  @inline(__always) public var count: Int { Int(header.slotCount) }

  /// The value in slot `i`.
  @inline(__always)
  public subscript(i: Int) -> Value {
    get { withUnsafeMutablePointerToElements { $0[i] } }
    set { withUnsafeMutablePointerToElements { $0[i] = newValue } }
  }

  /// The scope `level` frames out (0 is this one).
  @inline(__always)
  public func ancestor(_ level: Int) -> Env {
    if level == 0 { return self }
    var frame = Unmanaged.passUnretained(self)
    var n = level
    while n > 0 {
      frame = frame._withUnsafeGuaranteedRef { Env.up($0) }
      n -= 1
    }
    return frame.takeUnretainedValue()
  }

  /// The value in slot `slot` of the scope `level` frames out, read without retaining the
  /// scopes in between.
  @inline(__always)
  public func value(level: Int, slot: Int) -> Value {
    if level == 0 { return withUnsafeMutablePointerToElements { $0[slot] } }
    var frame = Unmanaged.passUnretained(self)
    var n = level
    while n > 0 {
      frame = frame._withUnsafeGuaranteedRef { Env.up($0) }
      n -= 1
    }
    return frame._withUnsafeGuaranteedRef { $0.withUnsafeMutablePointerToElements { $0[slot] } }
  }
}

extension Env {
  /// The address of slot `slot` of the scope `level` frames out, found without retaining the
  /// scopes in between. It stays valid while this scope is alive (it keeps its ancestors alive,
  /// and a scope's slots never move).
  @inline(__always)
  func slotAddress(level: Int, slot: Int) -> UnsafeMutablePointer<Value> {
    var frame = Unmanaged.passUnretained(self)
    var n = level
    while n > 0 {
      frame = frame._withUnsafeGuaranteedRef { Env.up($0) }
      n -= 1
    }
    return frame._withUnsafeGuaranteedRef { $0.withUnsafeMutablePointerToElements { $0 + slot } }
  }

  /// The integer in slot `slot` of the scope `level` frames out, if it holds one (directly or
  /// as a computed thunk).
  @inline(__always)
  public func intValue(level: Int, slot: Int) -> Int64? {
    var frame = Unmanaged.passUnretained(self)
    var n = level
    while n > 0 {
      frame = frame._withUnsafeGuaranteedRef { Env.up($0) }
      n -= 1
    }
    return frame._withUnsafeGuaranteedRef { env in
      env.withUnsafeMutablePointerToElements { slots -> Int64? in
        switch slots[slot] {
        case .int(let i): return i
        case .thunk(let t): return t.intValue
        default: return nil
        }
      }
    }
  }
}

/// A delayed computation that runs at most once. While it runs it is a black hole: forcing
/// it again is infinite recursion. If it fails, it goes back to its first state, so that
/// forcing it again fails again (as `builtins.tryEval` observes in Nix).
public final class Thunk {
  enum State {
    /// An expression in an environment.
    case expression(Expr, Env)
    /// A function applied to an argument (by `map` or `genList`). Without a position, as
    /// Nix's applications made by builtins have none; so that a thunk stays 48 bytes.
    case application(Value, Value)
    /// A function applied to two arguments (`mapAttrs`' `f name value`), called without the
    /// partial application in between.
    case binaryApplication(BinaryApplication)
    /// Any other computation.
    case native(() throws(EvalError) -> Value)
    case done(Value)
    /// The computation is running (it was moved out, see ``compute(_:)``); forcing the thunk
    /// now is infinite recursion, reported at the computation's position.
    case running(Span)
  }

  var state: State
  /// Whether the computation runs now: forcing the thunk again then is infinite recursion.
  var isRunning: Bool {
    if case .running = state { return true }
    return false
  }

  public init(_ expr: Expr, _ env: Env) { state = .expression(expr, env) }
  public init(apply function: Value, to argument: Value) {
    state = .application(function, argument)
  }
  /// `function first second`, called when forced.
  public init(apply function: Value, to first: Value, _ second: Value, at span: Span) {
    state = .binaryApplication(BinaryApplication(function, first, second, span))
  }
  public init(_ body: @escaping () throws(EvalError) -> Value) { state = .native(body) }
  public init(value: Value) { state = .done(value) }

  /// The value, if computed and an integer.
  @inline(__always)
  var intValue: Int64? {
    if case .done(.int(let i)) = state { return i }
    return nil
  }

  /// The value, if computed.
  public var value: Value? {
    if case .done(let v) = state { return v }
    return nil
  }

  /// The value, computed now if it was not.
  @inline(__always)
  public func force(_ evaluator: Evaluator) throws(EvalError) -> Value {
    if case .done(let v) = state { return v }
    return try compute(evaluator)
  }

  @inline(never)
  func compute(_ evaluator: Evaluator) throws(EvalError) -> Value {
    if case .done(let value) = state { return value }
    if case .running(let span) = state {
      throw EvalError(.infiniteRecursion, "infinite recursion encountered", at: span)
    }
    try evaluator.enterEvaluation(at: span)
    defer { evaluator.evalDepth -= 1 }
    // The computation is moved out rather than copied (no reference counting), and put back
    // if it fails, so that forcing the thunk again fails again.
    let v: Value
    switch takeComputation() {
    case .expression(let e, let env):
      do { v = try evaluator.eval(e, env) } catch {
        state = .expression(e, env)
        throw error
      }
    case .application(let f, let a):
      do { v = try evaluator.call(f, a, at: .unknown) } catch {
        state = .application(f, a)
        throw error
      }
    case .binaryApplication(let app):
      do { v = try evaluator.call(app.function, app.first, app.second, at: app.span) } catch {
        state = .binaryApplication(app)
        throw error
      }
    case .native(let body):
      do { v = try evaluator.force(try body()) } catch {
        state = .native(body)
        throw error
      }
    case .done(let value): v = value
    case .running: v = .null  // excluded above
    }
    state = .done(v)
    return v
  }

  /// The computation, leaving ``State/running(_:)`` in its place.
  @inline(__always)
  private func takeComputation() -> State {
    var work = State.running(span)
    swap(&work, &state)
    return work
  }

  /// Where the computation comes from, for errors.
  var span: Span {
    switch state {
    case .expression(let e, _): e.span
    case .running(let at): at
    case .binaryApplication(let app): app.span
    default: .unknown
    }
  }
}

/// A function and the two arguments a thunk applies it to.
final class BinaryApplication {
  let function: Value
  let first: Value
  let second: Value
  let span: Span
  init(_ function: Value, _ first: Value, _ second: Value, _ span: Span) {
    self.function = function
    self.first = first
    self.second = second
    self.span = span
  }
}
