#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The `nixinv` command: dispatches to a subcommand and maps outcomes to exit codes
/// (0 success, 1 findings or errors in the input, 2 usage or I/O errors).
let usage = """
  usage: nixinv COMMAND [ARGS]

  commands:
    parse FILE|-|-E EXPR   print the syntax tree (the `nix-instantiate --parse` form) or its errors
    eval FILE|-|-E EXPR    evaluate and print the value (as `nix-instantiate --eval --strict`)
    dump FILE              every machine of a clan, resolved, as JSON
    diff OLD NEW           which machines a change changes, and how (also REV1 [REV2] [PATH])
    machines FILE          the clan's machines (--tags to filter, --json for details)
    graph FILE             machines, service instances and roles as a DOT or Mermaid graph
    lint FILE…             every problem of a clan, located (--format human|json|sarif|gcc)
    schema                 the inventory's JSON schema for editors (--module M for a module's settings)
    explain CODE           what a lint code reports, with a wrong and a fixed example

  Run `nixinv COMMAND --help` for a command's options.
  """

let arguments = Array(CommandLine.arguments.dropFirst())
MallocTuning.apply()
Terminal.widenOutputPipe()
let status = BigStack.run {
  guard let command = arguments.first else {
    Terminal.err(usage + "\n")
    return 2
  }
  do throws(CommandError) {
    switch command {
    case "parse": return try ParseCommand.run(Array(arguments.dropFirst()))
    case "eval": return try EvalCommand.run(Array(arguments.dropFirst()))
    case "dump": return try DumpCommand.run(Array(arguments.dropFirst()))
    case "diff": return try DiffCommand.run(Array(arguments.dropFirst()))
    case "machines": return try MachinesCommand.run(Array(arguments.dropFirst()))
    case "graph": return try GraphCommand.run(Array(arguments.dropFirst()))
    case "lint": return try LintCommand.run(Array(arguments.dropFirst()))
    case "schema": return try SchemaCommand.run(Array(arguments.dropFirst()))
    case "explain": return try ExplainCommand.run(Array(arguments.dropFirst()))
    case "-h", "--help", "help":
      Terminal.out(usage + "\n")
      return 0
    case "--version":
      Terminal.out("nixinv 0.7.1\n")
      return 0
    default:
      throw CommandError.usage("unknown command '\(command)'")
    }
  } catch {
    Terminal.err("error: \(error.message)\n")
    return 2
  }
}
exit(status)
