using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Correlator.Service.Tests")]
