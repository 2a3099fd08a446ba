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
      -A ATTRPATH         select an attribute of the value (a.b.c)
      --arg NAME EXPR     argument for a top-level function with formals
      --argstr NAME STR   string argument for a top-level function
      -I [PREFIX=]PATH    add to the search path for <PREFIX/...> (before NIX_PATH)
      --impure            allow reads anywhere and getEnv
      --allow-read PATH   allow reading PATH in pure mode (repeatable)
      --max-steps N       stop after N evaluation steps
      --timeout SECONDS   stop after this much time
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
    let cwd = Input.currentDirectory()

    var options = EvalOptions()
    options.pure = !s.impure
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
      value = try autoCall(value, s, evaluator)
      if let path = s.attrPath { value = try select(value, path, evaluator) }
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

  /// A top-level function with formals is called with the `--arg`/`--argstr` values, as
  /// `nix-instantiate` does.
  static func autoCall(_ value: Value, _ s: Settings, _ ev: Evaluator) throws(EvalError) -> Value {
    let v = try ev.force(value)
    guard case .lambda(let closure) = v, closure.lambda.formals != nil else { return v }
    var b = AttrsBuilder(capacity: s.args.count)
    for (name, text, isString) in s.args {
      if isString {
        b.add(ev.symbols.intern(name), .string(text))
      } else {
        let source = ev.sources.add(name: "«arg \(name)»", directory: Input.currentDirectory(), bytes: Array(text.utf8))
        b.add(ev.symbols.intern(name), .thunk(Thunk { () throws(EvalError) -> Value in try ev.evaluate(file: source) }))
      }
    }
    return try ev.call(v, .attrs(b.build()), at: closure.lambda.span)
  }

  /// `-A a.b.c`: list indices are numbers, as in Nix.
  static func select(_ value: Value, _ path: String, _ ev: Evaluator) throws(EvalError) -> Value {
    var current = try ev.force(value)
    for part in path.split(separator: ".") {
      if case .list(let l) = current, let i = Int(part) {
        guard i >= 0 && i < l.count else {
          throw EvalError(.missingAttribute, "list index \(i) in selection path '\(path)' is out of range")
        }
        current = try ev.force(l.items[i])
        continue
      }
      let set = try ev.forceAttrs(current, at: .unknown, "while selecting '\(path)'")
      guard let next = set[ev.symbols.intern(String(part))] else {
        throw EvalError(.missingAttribute, "attribute '\(part)' in selection path '\(path)' not found")
      }
      current = try ev.force(next)
    }
    return current
  }
}
