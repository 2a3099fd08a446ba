// swift-tools-version: 6.0
// libFuzzer targets for nixinv. Not part of the main package: built only by `Fuzz/run`, with
// `-sanitize=fuzzer,address` (see Fuzz/README.md).
import PackageDescription

let package = Package(
  name: "nixinv-fuzz",
  dependencies: [.package(name: "nixinv", path: "..")],
  targets: [
    .executableTarget(
      name: "FuzzParse",
      dependencies: [.product(name: "NixLexer", package: "nixinv"), .product(name: "NixParser", package: "nixinv")]),
    .executableTarget(
      name: "FuzzEval",
      dependencies: [
        .product(name: "NixLexer", package: "nixinv"), .product(name: "NixParser", package: "nixinv"),
        .product(name: "NixEval", package: "nixinv"),
      ]),
    .executableTarget(
      name: "FuzzInventory",
      dependencies: [
        .product(name: "NixLexer", package: "nixinv"), .product(name: "NixEval", package: "nixinv"),
        .product(name: "Inventory", package: "nixinv"),
      ]),
  ]
)
