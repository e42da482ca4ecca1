import { MongoClient } from 'mongodb'

export interface MongoClientOptions {
  url: string
  appName: string
}

/**
 * A MongoDB client that gives up on an unreachable server within two seconds (the driver's default is 30),
 * so a request answers 503 quickly; the driver reconnects by itself when the server returns.
 */
export function createMongoClient(options: MongoClientOptions): MongoClient {
  return new MongoClient(options.url, {
    appName: options.appName,
    serverSelectionTimeoutMS: 2000,
    connectTimeoutMS: 2000,
    socketTimeoutMS: 10_000,
    maxPoolSize: 50,
  })
}
