using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>
/// The attack tests' classes share one Needs and run one after another: a fixture per class would
/// start a Needs host (and its pools on the one server) for each.
/// </summary>
[CollectionDefinition(nameof(AttackTests))]
public sealed class AttackTests : ICollectionFixture<NeedsApp>;
