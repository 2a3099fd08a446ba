#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
import Inventory
import NixLexer

/// `nixinv lint FILE…`: every problem found, located, in one of four formats.
enum LintCommand {
  static let usage = """
    usage: nixinv lint [OPTIONS] FILE…
           nixinv lint --list
           nixinv explain CODE

    Checks clan files (flake.nix, buildClan files, inventory.json, or folders holding them)
    and reports every problem at the text it is about.

    options:
      --format human|json|sarif|gcc   output format (default human; colour only on a terminal,
                                      never with NO_COLOR)
      --deny-warnings                 warnings fail too (exit 1)
      --disable CODE                  do not report CODE (repeatable, or CODE,CODE)
      --list                          list the codes
      (and the loading options of `nixinv dump`: --input, --modules, --impure, --allow-read)

    A `# nixinv: ignore CODE` comment on the line above a finding silences it.
    Exit status: 0 no errors, 1 errors (or warnings with --deny-warnings), 2 usage or I/O error.
    """

  static func run(_ arguments: [String]) throws(CommandError) -> Int32 {
    var common = ClanOptions()
    var files: [String] = []
    var format = "human"
    var denyWarnings = false
    var disabled: Set<String> = []
    var rest = arguments[...]
    while let a = rest.popFirst() {
      switch a {
      case "-h", "--help":
        Terminal.out(usage + "\n")
        return 0
      case "--list":
        Terminal.out(LintCode.allCases.map { code in
          let severity = code.severity.rawValue
          return code.rawValue.padding(22) + severity.padding(9) + code.summary + "\n"
        }.joined())
        return 0
      case "--format":
        guard let f = rest.popFirst(), ["human", "json", "sarif", "gcc"].contains(f) else {
          throw .usage("--format is human, json, sarif or gcc")
        }
        format = f
      case "--deny-warnings": denyWarnings = true
      case "--disable":
        guard let v = rest.popFirst() else { throw .usage("--disable needs a code") }
        for code in v.split(separator: ",").map(String.init) {
          guard LintCode(rawValue: code) != nil else { throw .usage("unknown code '\(code)' (see nixinv lint --list)") }
          disabled.insert(code)
        }
      default:
        if !a.hasPrefix("-") || a == "-" {
          files.append(a)
          continue
        }
        if try common.parse(a, &rest) { continue }
        throw .usage("unknown option '\(a)'")
      }
    }
    guard !files.isEmpty else { throw .usage("lint needs a FILE") }
    var options = LintOptions()
    options.load = common.load
    options.load.traceSink = { _ in }
    if let dir = Input.storeDirectory() { options.load.storeDir = dir }
    options.disabled = disabled
    let sources = SourceMap()
    var findings: [Diagnostic] = []
    var ioFailed = false
    for file in files {
      do throws(InventoryError) {
        findings += try Linter.lint(file, cwd: Input.currentDirectory(), options: options, sources: sources)
      } catch {
        Terminal.err("error: \(error.message)\n")
        ioFailed = true
      }
    }
    let renderer = LintRenderer(sources: sources)
    switch format {
    case "json": Terminal.out(renderer.json(findings))
    case "sarif": Terminal.out(renderer.sarif(findings, base: Input.currentDirectory()))
    case "gcc": Terminal.out(renderer.gcc(findings))
    default:
      let colour = isatty(1) == 1 && getenv("NO_COLOR") == nil
      Terminal.out(renderer.human(findings, colour: colour))
    }
    if ioFailed { return 2 }
    let fails = findings.contains { $0.severity == .error || (denyWarnings && $0.severity == .warning) }
    return fails ? 1 : 0
  }
}

/// `nixinv explain CODE`: what a lint code reports, with a wrong and a fixed example.
enum ExplainCommand {
  static func run(_ arguments: [String]) throws(CommandError) -> Int32 {
    guard arguments.count == 1, let name = arguments.first else { throw .usage("usage: nixinv explain CODE") }
    guard let code = LintCode(rawValue: name) else {
      throw .usage("unknown code '\(name)' (see nixinv lint --list)")
    }
    Terminal.out("\(code.rawValue) (\(code.severity.rawValue)): \(code.summary)\n\n\(code.explanation)\n")
    return 0
  }
}

extension String {
  /// The text followed by spaces up to `width` characters (at least one space).
  func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(1, width - count)) }
}
