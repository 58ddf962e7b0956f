using Alliance.Testing;
using Xunit;

// The real Identity that the token and rate-limit tests check tokens against needs its database and broker.
[assembly: AssemblyFixture(typeof(Containers))]
