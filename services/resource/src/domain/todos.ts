/** A todo item; every todo belongs to one user. */
export interface TodoRecord {
  id: string
  ownerId: string
  title: string
  done: boolean
  createdAt: Date
}

export interface TodoChanges {
  title?: string
  done?: boolean
}

/**
 * Where todos live. Every method takes the owner and touches only the owner's todos: another user's todo is
 * indistinguishable from a missing one. Each method is one single-document operation.
 */
export interface TodoRepository {
  create(ownerId: string, title: string, now: Date): Promise<TodoRecord>
  /** The owner's todos, oldest first, at most `limit`. */
  list(ownerId: string, limit: number): Promise<TodoRecord[]>
  get(ownerId: string, id: string): Promise<TodoRecord | undefined>
  update(ownerId: string, id: string, changes: TodoChanges): Promise<TodoRecord | undefined>
  /** True when the todo existed and was the owner's. */
  remove(ownerId: string, id: string): Promise<boolean>
}
