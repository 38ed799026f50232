global using System.Net;
global using System.Text;
global using System.Text.Json;
global using OpenApiClientGen.Runtime.Tests.Support;
global using Xunit;
