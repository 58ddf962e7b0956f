using Xunit;

// One deployed stack for the whole run, and one test at a time: each fault must end (and the
// stack be whole again) before the next test measures anything.
[assembly: AssemblyFixture(typeof(Alliance.Deployment.Tests.DeployedSystem))]
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerAssembly)]
