/*
 * NN: the .nn language. One file describes one neural network: its name, the data it learns from,
 * its layer stack and how to train it.
 *
 *   model StudentPerformance
 *   data "data/student.csv" { features study_hours, sleep_hours; label result classes Fail, Pass }
 *   network { input 2; dense 16 relu; dense 1 sigmoid }
 *   train { loss bce; optimizer adam(lr = 0.01); epochs 100; batch 2 }
 *   tune { lr 0.001, 0.01, 0.1; batch 8, 32 }
 *
 * Sections may come in any order after the model line. Statements end at a newline or ';'.
 * A statement is a name followed by arguments; the compiler, not the grammar, knows which names
 * exist (dense, relu, epochs, ...) so that a misspelt one gets a diagnostic with a suggestion
 * rather than a bare syntax error. Comments run from '#' or '//' to the end of the line.
 */
grammar NN;

file
   : sep* modelDecl (sep+ section)* sep* EOF
   ;

modelDecl
   : MODEL name
   ;

section
   : dataSection
   | networkSection
   | trainSection
   | tuneSection
   ;

dataSection
   : DATA STRING block
   ;

networkSection
   : NETWORK block
   ;

trainSection
   : TRAIN block
   ;

// Hyperparameter ranges for nnc tune: lr 0.001, 0.01; weight_decay log(1e-5, 1e-2); trials 20
tuneSection
   : TUNE block
   ;

block
   : '{' sep* (statement (sep+ statement)* sep*)? '}'
   ;

// A statement may carry parameters on its name: leaky_relu(0.2), batchnorm(momentum = 0.01)
statement
   : call argument*
   ;

// Several arguments may form one comma-separated list: features a, b, c
argument
   : value (',' NL* value)*
   ;

value
   : NUMBER
   | STRING
   | shape
   | call
   ;

// An identifier, optionally with named or positional parameters: relu, adam(lr = 0.01)
call
   : name ('(' NL* (parameter (',' NL* parameter)*)? NL* ')')?
   ;

parameter
   : (name '=')? (NUMBER | STRING | name)
   ;

// A tensor shape: [channels, height, width]
shape
   : '[' NUMBER (',' NUMBER)* ']'
   ;

// Section keywords are reserved only where a section starts; elsewhere they are ordinary names.
name
   : ID
   | MODEL
   | DATA
   | NETWORK
   | TRAIN
   | TUNE
   ;

sep
   : NL
   | ';'
   ;

MODEL
   : 'model'
   ;

DATA
   : 'data'
   ;

NETWORK
   : 'network'
   ;

TRAIN
   : 'train'
   ;

TUNE
   : 'tune'
   ;

ID
   : [a-zA-Z_] [a-zA-Z_0-9]*
   ;

NUMBER
   : '-'? DIGITS ('.' DIGITS?)? EXPONENT?
   | '-'? '.' DIGITS EXPONENT?
   ;

STRING
   : '"' (ESC | ~ ["\\\r\n])* '"'
   ;

NL
   : '\r'? '\n'
   ;

COMMENT
   : ('#' | '//') ~ [\r\n]* -> skip
   ;

WS
   : [ \t\f]+ -> skip
   ;

// Anything else is reported by the compiler as an unexpected character.
UNEXPECTED
   : .
   ;

fragment DIGITS
   : [0-9]+
   ;

fragment EXPONENT
   : [eE] [+-]? DIGITS
   ;

fragment ESC
   : '\\' (["\\/bfnrt] | 'u' HEX HEX HEX HEX)
   ;

fragment HEX
   : [0-9a-fA-F]
   ;
