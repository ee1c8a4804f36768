// The class is generated in its package's folder, compiled, tested; the second build finds it up to date.
def generated = new File(basedir, 'target/generated-sources/nnc/com/example/nets/Tiny.java')
assert generated.isFile() : "missing $generated"
assert generated.text.contains('package com.example.nets;')
assert generated.text.contains('public final class Tiny implements Network')
assert new File(basedir, 'target/classes/com/example/nets/Tiny.class').isFile()

def report = new File(basedir, 'target/surefire-reports/TEST-com.example.TinyTest.xml')
assert report.isFile() : "the JUnit test did not run"
def suite = new groovy.xml.XmlSlurper().parse(report)
assert suite.@tests.toInteger() == 2
assert suite.@failures.toInteger() == 0 && suite.@errors.toInteger() == 0

// student.nn is exported instead: a dependency-free classifier with the weights inside, and no training class.
def exported = new File(basedir, 'target/generated-sources/nnc/com/example/shipped/StudentClassifier.java')
assert exported.isFile() : "missing $exported"
assert !exported.text.contains('dev.nnc') : 'the exported classifier depends on nnc'
assert !new File(basedir, 'target/generated-sources/nnc/StudentPerformance.java').exists()
def shipped = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/surefire-reports/TEST-com.example.StudentClassifierTest.xml'))
assert shipped.@tests.toInteger() == 2
assert shipped.@failures.toInteger() == 0 && shipped.@errors.toInteger() == 0

def state = new File(basedir, 'target/nnc-maven-plugin/default.state')
assert state.isFile() : "missing $state"
assert state.text.contains('model:com/example/nets/tiny.nn')

def log = new File(basedir, 'build.log').text
assert log.contains('nnc: 0 generated, 2 up to date') : 'the second build regenerated an unchanged model'
return true
