/**
 * How other modules reach a customer's row inside their own statements: the join that shows or
 * addresses the customer a row is about, and the lock every writer about a customer takes first.
 * One statement stays one statement; the coupling to this table shows in the imports.
 */

/**
 * Joins the customer a row is about, as `alias`, for showing or addressing them (`email`, `name`,
 * `locale`, `external_id`, `attributes`): `customerId` is the SQL column naming the customer.
 */
export function joinCustomerOf(customerId: string, alias: string): string {
  return `JOIN customers ${alias} ON ${alias}.id = ${customerId}`;
}

/**
 * Joins the customer a row is about, as `alias`, or nulls when it has none (a kept record of a
 * customer since erased): for lists and views that show such records too.
 */
export function leftJoinCustomerOf(customerId: string, alias: string): string {
  return `LEFT JOIN customers ${alias} ON ${alias}.id = ${customerId}`;
}

/**
 * How hard a writer about a customer locks their row: UPDATE to change what they hold or to
 * serialise on them (an erasure, a withdrawal, a reminder); SHARE and KEY SHARE (what their foreign
 * keys take anyway) to add rows about them while a withdrawal or an erasure waits or has won.
 */
export type CustomerLock = 'UPDATE' | 'SHARE' | 'KEY SHARE';

/**
 * A statement (or a CTE's body) that locks the customers `condition` picks, a condition on their
 * `id` (`id = $1`, `id = ANY($1::uuid[])`, `id IN (SELECT customer_id …)`), in id order so that
 * two transactions locking several never wait on each other crosswise; it answers their ids (none
 * for a customer erased meanwhile).
 */
export function lockCustomersSql(condition: string, lock: CustomerLock): string {
  return `SELECT id FROM customers WHERE ${condition} ORDER BY id FOR ${lock}`;
}
