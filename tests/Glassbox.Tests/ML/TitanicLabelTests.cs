using Glassbox.Milestones.Recipes;

namespace Glassbox.Tests.ML;

/// <summary>The titanic milestone refuses a training file whose target is not 0/1 in every row, naming the row.</summary>
public class TitanicLabelTests
{
    private const string Header = "PassengerId,Survived,Pclass,Name,Sex,Age,SibSp,Parch,Ticket,Fare,Cabin,Embarked";
    private const string TestCsv = "PassengerId,Pclass,Name,Sex,Age,SibSp,Parch,Ticket,Fare,Cabin,Embarked\n9,3,\"C, Mr. D\",male,30,0,0,A1,7.25,,S\n";

    private static InvalidDataException RunWith(string survivedOfRow2)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"titanic-labels-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var train = Path.Combine(dir, "train.csv");
            File.WriteAllText(train, Header + "\n"
                + "1,0,3,\"A, Mr. B\",male,22,1,0,A5,7.25,,S\n"
                + $"2,{survivedOfRow2},1,\"C, Mrs. D\",female,38,1,0,PC1,71.28,C85,C\n"
                + "3,1,3,\"E, Miss. F\",female,26,0,0,ST2,7.92,,S\n");
            File.WriteAllText(Path.Combine(dir, "test.csv"), TestCsv);
            return Assert.Throws<InvalidDataException>(() => Titanic.Run(train, Path.Combine(dir, "test.csv"), dir, quick: true));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void BlankSurvivedIsAnErrorNamingTheRow()
    {
        var e = RunWith("");
        Assert.Contains("row 2 (line 3), column 'Survived': expected 0 or 1, got a blank cell", e.Message);
    }

    [Fact]
    public void FractionalSurvivedIsAnErrorNamingTheRow()
    {
        var e = RunWith("2.7");
        Assert.Contains("row 2 (line 3), column 'Survived': expected 0 or 1, got 2.7", e.Message);
    }

    [Fact]
    public void TextSurvivedIsAnError()
    {
        var e = RunWith("yes");
        Assert.Contains("column 'Survived' must hold 0 or 1", e.Message);
    }
}
