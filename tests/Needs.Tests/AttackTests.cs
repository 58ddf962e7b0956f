using Xunit;

namespace Alliance.Needs.Tests;

/// <summary>
/// The attack tests' classes share one Needs (with its Volunteers, Teams and Identities) and run one
/// after another: a fixture per class would hold three more sets of hosts and pools on the one server.
/// </summary>
[CollectionDefinition(nameof(AttackTests))]
public sealed class AttackTests : ICollectionFixture<NeedsApp>;
