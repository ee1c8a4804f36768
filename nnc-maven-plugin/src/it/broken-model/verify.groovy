// Both broken models are reported as file:line:col with the source line and a caret, not a stack trace.
// Maven prefixes every line of a failure message with "[ERROR] ", which keeps the caret in its column.
import java.util.regex.Pattern

def log = new File(basedir, 'build.log').text
def broken = new File(basedir, 'src/main/nn/broken.nn').path
def keyword = new File(basedir, 'src/main/nn/unknown_keyword.nn').path

def lines = { String... expected ->
  Pattern.compile('(?m)^' + expected.collect { '(\\[ERROR\\] )?' + Pattern.quote(it) + '$' }.join('\\n'))
}
assert log =~ lines("${broken}:5:14: error: unknown activation 'rellu' (did you mean 'relu'?)",
    '    dense 16 rellu',
    '             ^~~~~') : log
assert log =~ lines("${keyword}:6:5: error: unknown layer 'dens' (did you mean 'dense'?)",
    '    dens 3 softmax',
    '    ^~~~') : log
assert log.contains('nnc found 2 problems') : log
assert !log.contains('Exception:') : 'a stack trace instead of a message:\n' + log
assert !new File(basedir, 'target/generated-sources/nnc').list()?.any { it.endsWith('.java') }
return true
