package dev.nnc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

  private static final String STUDENTS =
      "study_hours,sleep_hours,result\n8,7,1\n3,5,0\n6,8.5,1\n2,4,0\n";

  private static Dataset read(String csv, List<String> features, String label, LabelKind kind,
      List<String> classNames) {
    return Dataset.fromTable(CsvTable.parse(csv, "data/student.csv"), features, label, kind, classNames);
  }

  @Test
  void readsFeaturesAndBinaryLabels() {
    Dataset data = read(STUDENTS, List.of("study_hours", "sleep_hours"), "result", LabelKind.BINARY,
        List.of());
    assertEquals(4, data.rows());
    assertEquals(2, data.featureCount());
    assertEquals(1, data.targetWidth());
    assertArrayEquals(new float[] {8, 7, 3, 5, 6, 8.5f, 2, 4}, data.features());
    assertArrayEquals(new float[] {1, 0, 1, 0}, data.targets());
    assertEquals(List.of("study_hours", "sleep_hours"), data.featureNames());
    assertEquals(List.of("0", "1"), data.classNames());
  }

  @Test
  void featureColumnsFollowTheRequestedOrder() {
    Dataset data = read(STUDENTS, List.of("sleep_hours", "study_hours"), "result", LabelKind.BINARY,
        List.of());
    assertArrayEquals(new float[] {7, 8, 5, 3, 8.5f, 6, 4, 2}, data.features());
  }

  @Test
  void missingColumnSuggestsTheClosestNameAndListsTheColumns() {
    DataException error = assertThrows(DataException.class,
        () -> read(STUDENTS, List.of("study_hours", "sleep_hour"), "result", LabelKind.BINARY, List.of()));
    assertEquals("data/student.csv: error: there is no column named 'sleep_hour' (did you mean"
        + " 'sleep_hours'?); the columns are 'study_hours', 'sleep_hours', 'result'", error.getMessage());
  }

  @Test
  void missingColumnWithoutACloseNameOnlyListsTheColumns() {
    DataException error = assertThrows(DataException.class,
        () -> read(STUDENTS, List.of("study_hours"), "grade", LabelKind.BINARY, List.of()));
    assertEquals("data/student.csv: error: there is no column named 'grade'; the columns are"
        + " 'study_hours', 'sleep_hours', 'result'", error.getMessage());
  }

  @Test
  void nonNumericFeatureNamesLineAndColumn() {
    String csv = "study_hours,sleep_hours,result\n8,7,1\n3,5,0\n6,abc,1\n";
    DataException error = assertThrows(DataException.class,
        () -> read(csv, List.of("study_hours", "sleep_hours"), "result", LabelKind.BINARY, List.of()));
    assertEquals("data/student.csv:4: error: column 'sleep_hours' holds 'abc', which is not a number",
        error.getMessage());
  }

  @Test
  void nanInfinityAndJavaOnlyNotationsAreNotNumbers() {
    assertFeatureError("NaN", "column 'f' holds 'NaN', which is not a finite number");
    assertFeatureError("-Infinity", "column 'f' holds '-Infinity', which is not a finite number");
    assertFeatureError("inf", "column 'f' holds 'inf', which is not a finite number");
    assertFeatureError("1f", "column 'f' holds '1f', which is not a number");
    assertFeatureError("0x10", "column 'f' holds '0x10', which is not a number");
    assertFeatureError("1e39", "column 'f' holds '1e39', which is too large for a 32-bit float");
    assertFeatureError("", "column 'f' is empty; every cell in it must hold a number");
  }

  @Test
  void acceptsOrdinaryDecimalNotations() {
    Dataset data = read("f,y\n-1.5,0\n+2,0\n.5,0\n3.,0\n1e-3,1\n2.5E2,1\n", List.of("f"), "y",
        LabelKind.BINARY, List.of());
    assertArrayEquals(new float[] {-1.5f, 2f, 0.5f, 3f, 0.001f, 250f}, data.features());
  }

  private static void assertFeatureError(String cell, String text) {
    DataException error = assertThrows(DataException.class,
        () -> read("f,y\n1,0\n" + (cell.isEmpty() ? "\"\"" : cell) + ",1\n", List.of("f"), "y",
            LabelKind.BINARY, List.of()));
    assertEquals("data/student.csv:3: error: " + text, error.getMessage());
  }

  @Test
  void binaryLabelsMayUseTheDeclaredClassNames() {
    Dataset data = read("x,outcome\n1,pass\n2,fail\n3,1\n4,0.0\n", List.of("x"), "outcome",
        LabelKind.BINARY, List.of("fail", "pass"));
    assertArrayEquals(new float[] {1, 0, 1, 0}, data.targets());
    assertEquals(List.of("fail", "pass"), data.classNames());
  }

  @Test
  void binaryLabelOutsideZeroOneIsRefused() {
    DataException error = assertThrows(DataException.class,
        () -> read("x,y\n1,0\n2,2\n", List.of("x"), "y", LabelKind.BINARY, List.of()));
    assertEquals("data/student.csv:3: error: label column 'y' holds '2', which is not 0 or 1",
        error.getMessage());
    DataException named = assertThrows(DataException.class,
        () -> read("x,y\n1,maybe\n", List.of("x"), "y", LabelKind.BINARY, List.of("no", "yes")));
    assertEquals("data/student.csv:2: error: label column 'y' holds 'maybe', which is not one of the"
        + " classes 'no', 'yes' or 0 or 1", named.getMessage());
  }

  @Test
  void classIndexLabelsMatchDeclaredNamesOrIndices() {
    Dataset data = read("x,species\n1,virginica\n2,setosa\n3,1\n", List.of("x"), "species",
        LabelKind.CLASS_INDEX, List.of("setosa", "versicolor", "virginica"));
    assertArrayEquals(new float[] {2, 0, 1}, data.targets());
    DataException error = assertThrows(DataException.class,
        () -> read("x,species\n1,3\n", List.of("x"), "species", LabelKind.CLASS_INDEX,
            List.of("setosa", "versicolor", "virginica")));
    assertEquals("data/student.csv:2: error: label column 'species' holds '3', which is not one of the"
        + " classes 'setosa', 'versicolor', 'virginica' or an index from 0 to 2", error.getMessage());
  }

  @Test
  void undeclaredNumericClassesAreSortedNumerically() {
    Dataset data = read("x,digit\n1,10\n2,2\n3,9\n4,2.0\n5,-1\n", List.of("x"), "digit",
        LabelKind.CLASS_INDEX, List.of());
    assertEquals(List.of("-1", "2", "9", "10"), data.classNames()); // "2" and "2.0" are one class
    assertArrayEquals(new float[] {3, 1, 2, 1, 0}, data.targets());
  }

  @Test
  void undeclaredTextClassesAreSortedAsText() {
    Dataset data = read("x,animal\n1,dog\n2,cat\n3,Zebra\n4,dog\n5,10\n", List.of("x"), "animal",
        LabelKind.CLASS_INDEX, List.of());
    assertEquals(List.of("10", "Zebra", "cat", "dog"), data.classNames()); // code point order, as numpy
    assertArrayEquals(new float[] {3, 2, 1, 3, 0}, data.targets());
  }

  @Test
  void emptyLabelIsRefused() {
    DataException error = assertThrows(DataException.class,
        () -> read("x,animal\n1,dog\n2,\n", List.of("x"), "animal", LabelKind.CLASS_INDEX, List.of()));
    assertEquals("data/student.csv:3: error: label column 'animal' is empty; every row needs a label",
        error.getMessage());
  }

  @Test
  void regressionLabelsAreNumbers() {
    Dataset data = read("x,price\n1,2.5\n2,-3\n", List.of("x"), "price", LabelKind.REGRESSION, List.of());
    assertArrayEquals(new float[] {2.5f, -3f}, data.targets());
    assertEquals(List.of(), data.classNames());
    DataException error = assertThrows(DataException.class,
        () -> read("x,price\n1,cheap\n", List.of("x"), "price", LabelKind.REGRESSION, List.of()));
    assertEquals("data/student.csv:2: error: label column 'price' holds 'cheap', which is not a number",
        error.getMessage());
  }

  @Test
  void unlabelledDataHasNoTargets() {
    Dataset data = read("a,b\n1,2\n3,4\n", List.of("a", "b"), null, LabelKind.BINARY, List.of());
    assertEquals(0, data.targetWidth());
    assertEquals(0, data.targets().length);
    assertArrayEquals(new float[] {1, 2, 3, 4}, data.features());
    assertEquals(List.of("0", "1"), data.classNames());
    Dataset species = read("a,b\n1,2\n", List.of("a", "b"), null, LabelKind.CLASS_INDEX,
        List.of("setosa", "virginica"));
    assertEquals(List.of("setosa", "virginica"), species.classNames());
    assertEquals(List.of(),
        read("a,b\n1,2\n", List.of("a"), null, LabelKind.REGRESSION, List.of()).classNames());
  }

  @Test
  void headerWithoutRowsIsRefused() {
    DataException error = assertThrows(DataException.class,
        () -> read("a,b\n", List.of("a"), "b", LabelKind.REGRESSION, List.of()));
    assertEquals("data/student.csv: error: the data file has a header but no rows", error.getMessage());
  }

  @Test
  void rowsGathersASubsetInTheGivenOrder() {
    Dataset data = read(STUDENTS, List.of("study_hours", "sleep_hours"), "result", LabelKind.BINARY,
        List.of());
    Dataset subset = data.rows(new int[] {3, 0, 3});
    assertEquals(3, subset.rows());
    assertArrayEquals(new float[] {2, 4, 8, 7, 2, 4}, subset.features());
    assertArrayEquals(new float[] {0, 1, 0}, subset.targets());
    assertEquals(data.featureNames(), subset.featureNames());
    subset.features()[0] = 99;
    assertEquals(8, data.features()[0]); // a copy, not a view
    assertThrows(IndexOutOfBoundsException.class, () -> data.rows(new int[] {4}));
  }

  @Test
  void constructorChecksArrayLengths() {
    assertThrows(IllegalArgumentException.class,
        () -> new Dataset(new float[5], new float[2], 2, 2, 1, List.of("a", "b"), List.of()));
    assertThrows(IllegalArgumentException.class,
        () -> new Dataset(new float[4], new float[3], 2, 2, 1, List.of("a", "b"), List.of()));
  }
}
