import Foundation
import Testing

/// `nixinv parse` end to end: output, exit status and error reports.
@Suite struct ParseCommandTests {
  @Test func printsTheSampleClan() throws {
    let r = try Nixinv.run(["parse", "fixtures/sample-clan/flake.nix"])
    #expect(r.status == 0)
    #expect(r.stderr.isEmpty)
    #expect(r.stdout.hasPrefix("{ description = \"A sample clan for nixinv\"; inputs = { clan-core = { url = "))
    #expect(r.stdout.contains("outputs = ({ clan-core, nixpkgs, self, ... }: (let clan = ((clan-core).lib.buildClan {"))
    #expect(r.stdout.hasSuffix("}\n"))
  }

  @Test func expressionAndStandardInput() throws {
    let e = try Nixinv.run(["parse", "-E", "{x, y, z}: x + y + z"])
    #expect(e.status == 0)
    #expect(e.stdout == "({ x, y, z }: ((x + y) + z))\n")
    let s = try Nixinv.run(["parse", "-"], input: Data("a: a.b or 1 - 2".utf8))
    #expect(s.status == 0)
    #expect(s.stdout == "(a: ((a).b or (1) - 2))\n" || s.stdout == "(a: (__sub (a).b or (1) 2))\n")
  }

  @Test func reportsEveryErrorWithItsPosition() throws {
    let r = try Nixinv.run(["parse", "fixtures/errors/missing-semicolon.nix"])
    #expect(r.status == 1)
    #expect(r.stdout.isEmpty)
    #expect(r.stderr.contains("error: syntax error, missing ';' after the value of attribute 'backup_backup_server'"))
    #expect(r.stderr.contains("fixtures/errors/missing-semicolon.nix:8:35:"))
    #expect(r.stderr.contains("error: syntax error, unexpected ';', expecting ']'"))
    #expect(r.stderr.contains("fixtures/errors/missing-semicolon.nix:13:51:"))
    #expect(r.stderr.contains("             |                                   ^\n"))
  }

  @Test func undefinedVariableSuggestsAName() throws {
    let r = try Nixinv.run(["parse", "-E", "let machines = 1; in machine"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("error: undefined variable 'machine'"))
    #expect(r.stderr.contains("at «string»:1:22:"))
    #expect(r.stderr.contains("help: did you mean 'machines'?"))
  }

  @Test(arguments: [
    ["parse"], ["frobnicate"], ["parse", "no/such/file.nix"], ["parse", "--bogus", "x"], ["parse", "-E"],
  ])
  func usageAndInputErrorsExitTwo(_ arguments: [String]) throws {
    let r = try Nixinv.run(arguments)
    #expect(r.status == 2)
    #expect(r.stderr.hasPrefix("error: ") || r.stderr.hasPrefix("usage: "))
  }

  @Test func helpExitsZero() throws {
    #expect(try Nixinv.run(["--help"]).status == 0)
    #expect(try Nixinv.run(["parse", "--help"]).stdout.contains("usage: nixinv parse FILE"))
  }
}

/// Hostile input never crashes the tool: it ends in a parse or a clean error.
@Suite struct ParseCommandRobustnessTests {
  @Test(arguments: ["[", "(", "{a=", "x: "])
  func deepNestingEndsInAnError(_ opener: String) throws {
    let text = String(repeating: opener, count: 100_000) + "1"
    let path = try Nixinv.temporaryFile(Array(text.utf8))
    let r = try Nixinv.run(["parse", path])
    #expect(r.status == 1)
    #expect(r.stderr.contains("nesting too deep"))
  }

  @Test func longOperatorChainsEndInAnError() throws {
    let text = Array(repeating: "1", count: 100_000).joined(separator: " + ")
    let r = try Nixinv.run(["parse", try Nixinv.temporaryFile(Array(text.utf8))])
    #expect(r.status == 1)
    #expect(r.stderr.contains("nesting too deep"))
  }

  @Test func randomBytesAreAnErrorNotACrash() throws {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var bytes: [UInt8] = []
    for _ in 0..<200_000 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      bytes.append(UInt8(truncatingIfNeeded: state >> 56))
    }
    let r = try Nixinv.run(["parse", try Nixinv.temporaryFile(bytes)])
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("error: "))
  }

  @Test func invalidUTF8InStringsIsKept() throws {
    let bytes: [UInt8] = Array("\"a".utf8) + [0xFF, 0xFE] + Array("b\"".utf8)
    let r = try Nixinv.run(["parse", try Nixinv.temporaryFile(bytes)])
    #expect(r.status == 0)
    #expect(r.stdoutBytes == Array("\"a".utf8) + [0xFF, 0xFE] + Array("b\"\n".utf8))
  }
}
