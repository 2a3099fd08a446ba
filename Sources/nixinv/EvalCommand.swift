#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import NixEval
import NixLexer
import NixParser

/// `nixinv eval FILE|-|-E EXPR`: the value, printed as `nix-instantiate --eval --strict` does.
enum EvalCommand {
  static let usage = """
    usage: nixinv eval [OPTIONS] FILE
           nixinv eval [OPTIONS] -E EXPR
           nixinv eval [OPTIONS] -        (read standard input)

    Evaluates the expression and prints its value as `nix-instantiate --eval --strict` does.

    options:
      --json              print the value as builtins.toJSON does
      --raw               print a string value without quotes
      --lazy              print only what is evaluated anyway (unevaluated parts as <CODE>)
      --strict            evaluate everything (the default)
      -A ATTRPATH         select an attribute of the value (a.b.c; functions on the way are
                          called with their defaults and the --arg values)
      --arg NAME EXPR     argument for a top-level function with formals (which is called
                          only when --arg or --argstr is given, as nix-instantiate does)
      --argstr NAME STR   string argument for a top-level function
      --option abort-on-warn true
                          builtins.warn aborts (also NIX_ABORT_ON_WARN=1)
      -I [PREFIX=]PATH    add to the search path for <PREFIX/...> (before NIX_PATH)
      --impure            allow reads anywhere and getEnv
      --allow-read PATH   allow reading PATH in pure mode (repeatable)
      --max-steps N       stop after N evaluation steps
      --timeout SECONDS   stop after this much time
      --core next         evaluate with the next core (experimental: a subset of the
                          builtins; see README, Performance)
      --heap-stats        with --core next: collections and bytes of its heap, on stderr
    """

  struct Settings {
    var input: Input? = nil
    var json = false
    var raw = false
    var strict = true
    var attrPath: String? = nil
    var args: [(String, String, isString: Bool)] = []
    var includes: [String] = []
    var impure = false
    var allowRead: [String] = []
    var maxSteps: Int? = nil
    var timeout: Double? = nil
    /// `--option abort-on-warn true`, or `NIX_ABORT_ON_WARN` set to 1, true or yes.
    var abortOnWarn = false
    /// `--core next`: the experimental next core (``NextCoreEval``).
    var nextCore = false
    /// `--heap-stats` (with `--core next`): the traced heap's counters on standard error.
    var heapStatistics = false
  }

  static func parseArguments(_ arguments: [String]) throws(CommandError) -> Settings? {
    var s = Settings()
    var rest = arguments[...]
    func value(_ flag: String) throws(CommandError) -> String {
      guard let v = rest.popFirst() else { throw .usage("\(flag) needs a value") }
      return v
    }
    while let a = rest.popFirst() {
      switch a {
      case "-h", "--help":
        Terminal.out(usage + "\n")
        return nil
      case "--json": s.json = true
      case "--raw": s.raw = true
      case "--strict": s.strict = true
      case "--lazy": s.strict = false
      case "--eval": break
      case "-A", "--attr": s.attrPath = try value(a)
      case "--arg":
        let name = try value(a)
        s.args.append((name, try value(a), isString: false))
      case "--argstr":
        let name = try value(a)
        s.args.append((name, try value(a), isString: true))
      case "-I", "--include": s.includes.append(try value(a))
      case "--impure": s.impure = true
      case "--allow-read": s.allowRead.append(try value(a))
      case "--max-steps":
        guard let n = Int(try value(a)), n > 0 else { throw .usage("--max-steps needs a positive number") }
        s.maxSteps = n
      case "--timeout":
        guard let t = Double(try value(a)), t > 0 else { throw .usage("--timeout needs a positive number of seconds") }
        s.timeout = t
      case "--option":
        let name = try value(a)
        let setting = try value(a)
        switch name {
        case "abort-on-warn": s.abortOnWarn = ["true", "1", "yes"].contains(setting)
        default: Terminal.err("warning: unknown setting '\(name)'\n")
        }
      case "--heap-stats": s.heapStatistics = true
      case "--core":
        switch try value(a) {
        case "next": s.nextCore = true
        case "current": s.nextCore = false
        case let other: throw .usage("unknown core '\(other)' (current or next)")
        }
      case "-E", "--expr": s.input = .expression(try value(a))
      case "-": s.input = .standardInput
      default:
        if a.hasPrefix("-") { throw .usage("unknown option '\(a)'") }
        guard s.input == nil else { throw .usage("eval takes one input") }
        s.input = .file(a)
      }
    }
    guard s.input != nil else { throw .usage("eval needs a FILE, '-' or -E EXPR") }
    return s
  }

  static func run(_ arguments: [String]) throws(CommandError) -> Int32 {
    guard let s = try parseArguments(arguments) else { return 0 }
    let loaded = try s.input!.load()
    if s.nextCore { return try NextCoreEval.run(s, loaded) }
    let cwd = Input.currentDirectory()

    var options = EvalOptions()
    options.pure = !s.impure
    let abortEnv = getenv("NIX_ABORT_ON_WARN").map { String(cString: $0) }
    options.abortOnWarn = s.abortOnWarn || ["1", "true", "yes"].contains(abortEnv ?? "")
    options.homeDirectory = getenv("HOME").map { String(cString: $0) }
    options.traceSink = { Terminal.err($0 + "\n") }
    options.environment = { name in getenv(name).map { String(cString: $0) } }
    // The one variable read in pure evaluation too, as Nix reads it: where the store is.
    if let dir = Input.storeDirectory() { options.storeDir = dir }
    options.maxSteps = s.maxSteps
    if let t = s.timeout { options.deadline = Clock.now() + t }
    // The search path: -I entries, then NIX_PATH.
    var entries = s.includes
    if let nixPath = getenv("NIX_PATH").map({ String(cString: $0) }) {
      entries += nixPath.split(separator: ":").map(String.init)
    }
    for entry in entries where !entry.isEmpty {
      var prefix = ""
      var path = entry
      if let eq = entry.firstIndex(of: "=") {
        prefix = String(entry[..<eq])
        path = String(entry[entry.index(after: eq)...])
      }
      if path.contains("://") { continue }
      let absolute = PathNames.absolute(path, base: cwd)
      options.searchPath.append((prefix, absolute))
      options.allowedPaths.append(absolute)
    }
    options.allowedPaths.append(loaded.directory)
    for path in s.allowRead { options.allowedPaths.append(PathNames.absolute(path, base: cwd)) }

    let evaluator = Evaluator(options: options)
    let file = evaluator.sources.add(name: loaded.name, directory: loaded.directory, bytes: loaded.bytes)
    let renderer = EvalErrorRenderer(sources: evaluator.sources)
    do throws(EvalError) {
      var value = try evaluator.evaluate(file: file)
      value = try finalValue(value, s, evaluator)
      if s.json {
        let text = try evaluator.toJSON(value, at: .unknown)
        Terminal.out(text.bytes + [0x0A])
        return 0
      }
      if s.strict { try evaluator.forceDeep(value, at: .unknown) }
      if s.raw, case .string(let str) = try evaluator.force(value) {
        Terminal.out(str.bytes)
        return 0
      }
      Terminal.out(ValuePrinter.print(value, evaluator, style: .output) + [0x0A])
      return 0
    } catch {
      Terminal.err(renderer.render(error))
      return 1
    }
  }

  /// What `nix-instantiate --eval` does with the top-level value: `-A a.b` calls the value
  /// at each step of the path before selecting in it; the value reached is called only when
  /// `--arg`/`--argstr` were given (so `{ a ? 1 }: a` alone prints `<LAMBDA>`).
  static func finalValue(_ value: Value, _ s: Settings, _ ev: Evaluator) throws(EvalError) -> Value {
    var v = value
    if let path = s.attrPath, !path.isEmpty { v = try select(v, path, s, ev) }
    if !s.args.isEmpty { v = try autoCall(v, s, ev) }
    return v
  }

  /// A function with formals is called with the `--arg`/`--argstr` values it names (all of
  /// them if it has `...`), its other formals taking their defaults; a set with `__functor`
  /// is called first. Anything else is returned as it is.
  static func autoCall(_ value: Value, _ s: Settings, _ ev: Evaluator) throws(EvalError) -> Value {
    let v = try ev.force(value)
    if case .attrs(let set) = v, let functor = set[ev.symbols.intern("__functor")] {
      return try autoCall(try ev.call(functor, v, at: .unknown), s, ev)
    }
    guard case .lambda(let closure) = v, let formals = closure.lambda.formals else { return v }
    var b = AttrsBuilder(capacity: s.args.count)
    var given = Set<String>()
    for (name, text, isString) in s.args {
      let symbol = ev.symbols.intern(name)
      guard formals.hasEllipsis || formals.entries.contains(where: { $0.name == symbol }) else { continue }
      guard given.insert(name).inserted else { continue }
      if isString {
        b.add(symbol, .string(text))
      } else {
        let source = ev.sources.add(name: "«arg \(name)»", directory: Input.currentDirectory(), bytes: Array(text.utf8))
        b.add(symbol, .thunk(Thunk { () throws(EvalError) -> Value in try ev.evaluate(file: source) }))
      }
    }
    for formal in formals.entries where formal.defaultValue == nil && !given.contains(ev.symbols[formal.name]) {
      let help = [
        "Nix attempted to evaluate a function as a top level expression; in",
        "this case it must have its arguments supplied either by default",
        "values, or passed explicitly with '--arg' or '--argstr'. See",
        "https://nixos.org/manual/nix/stable/#ss-functions.",
      ].map { "       " + $0 }.joined(separator: "\n")
      throw EvalError(
        .type,
        "cannot evaluate a function that has an argument without a value ('\(ev.symbols[formal.name])')\n\n\(help)\n",
        at: formal.span)
    }
    return try ev.call(v, .attrs(b.build()), at: closure.lambda.span)
  }

  /// The names of `-A a."b.c".d`: split at dots outside double quotes, the quotes removed, as
  /// Nix's `parseAttrPath` does.
  static func attrPathParts(_ path: String) throws(EvalError) -> [String] {
    var parts: [String] = []
    var current = ""
    var quoted = false
    for c in path {
      if quoted {
        if c == "\"" { quoted = false } else { current.append(c) }
      } else if c == "\"" {
        quoted = true
      } else if c == "." {
        parts.append(current)
        current = ""
      } else {
        current.append(c)
      }
    }
    if quoted { throw EvalError(.other, "missing closing quote in selection path '\(path)'") }
    if !current.isEmpty { parts.append(current) }
    return parts.filter { !$0.isEmpty }
  }

  /// `-A a.b.0`: each step calls the value reached (``autoCall(_:_:_:)``), then selects in it;
  /// a step that is a number indexes a list, as in Nix.
  static func select(_ value: Value, _ path: String, _ s: Settings, _ ev: Evaluator) throws(EvalError) -> Value {
    var current = value
    for part in try attrPathParts(path) {
      current = try ev.force(try autoCall(current, s, ev))
      if let i = Int(part) {
        guard case .list(let l) = current else {
          throw EvalError(
            .type, "the expression selected by the selection path '\(path)' should be a list but is \(current.typeDescription)")
        }
        guard i >= 0 && i < l.count else {
          throw EvalError(.missingAttribute, "list index \(i) in selection path '\(path)' is out of range")
        }
        current = l.items[i]
        continue
      }
      guard case .attrs(let set) = current else {
        throw EvalError(
          .type, "the expression selected by the selection path '\(path)' should be a set but is \(current.typeDescription)")
      }
      guard let next = set[ev.symbols.intern(String(part))] else {
        throw EvalError(.missingAttribute, "attribute '\(part)' in selection path '\(path)' not found")
      }
      current = next
    }
    return try ev.force(current)
  }
}
