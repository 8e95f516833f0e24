/**
 * `true` only when A and B are assignable both ways: a documented class and the type the code
 * returns, kept in step where the code's type lives in a file of its own (a change to either
 * fails the type check at the assertion).
 */
export type SameShape<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
